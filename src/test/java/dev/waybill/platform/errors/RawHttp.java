package dev.waybill.platform.errors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket: it sends exactly the bytes it is given (request targets
 * with malformed escapes, bodies without a content type, invalid UTF-8, chunked bodies), which
 * ordinary clients refuse to produce. One connection per request, closed by the server.
 */
final class RawHttp {

  /** One request as it goes on the wire. */
  record Request(
      String method, byte[] target, List<String[]> headers, byte[] body, boolean chunked) {

    static Request of(String method, String target) {
      return new Request(
          method, target.getBytes(StandardCharsets.ISO_8859_1), new ArrayList<>(), null, false);
    }

    Request header(String name, String value) {
      List<String[]> copy = new ArrayList<>(headers);
      copy.add(new String[] {name, value});
      return new Request(method, target, copy, body, chunked);
    }

    Request withoutHeader(String name) {
      List<String[]> copy = new ArrayList<>();
      for (String[] h : headers) {
        if (!h[0].equalsIgnoreCase(name)) {
          copy.add(h);
        }
      }
      return new Request(method, target, copy, body, chunked);
    }

    Request body(byte[] bytes) {
      return new Request(method, target, headers, bytes, false);
    }

    Request chunkedBody(byte[] bytes) {
      return new Request(method, target, headers, bytes, true);
    }

    Request target(byte[] raw) {
      return new Request(method, raw, headers, body, chunked);
    }

    String targetText() {
      return new String(target, StandardCharsets.ISO_8859_1);
    }
  }

  /** The answer, or why there was none. */
  record Answer(int status, Map<String, String> headers, byte[] body, String failure) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final int port;
  private final Duration timeout;

  RawHttp(int port, Duration timeout) {
    this.port = port;
    this.timeout = timeout;
  }

  Answer send(Request request) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        write(out, request);
      } catch (IOException e) {
        // The server may answer (413, 400) and close before the whole body is sent.
      }
      byte[] raw = readAll(socket, deadline);
      return parse(raw);
    } catch (SocketTimeoutException e) {
      return new Answer(
          -1, Map.of(), new byte[0], "no answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      return new Answer(-1, Map.of(), new byte[0], "connection failed: " + e);
    }
  }

  private void write(OutputStream out, Request request) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(request.method().getBytes(StandardCharsets.US_ASCII));
    head.write(' ');
    head.write(request.target());
    head.write(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    line(head, "Host: localhost:" + port);
    line(head, "Connection: close");
    for (String[] h : request.headers()) {
      line(head, h[0] + ": " + h[1]);
    }
    if (request.body() != null) {
      if (request.chunked()) {
        line(head, "Transfer-Encoding: chunked");
      } else {
        line(head, "Content-Length: " + request.body().length);
      }
    }
    head.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(head.toByteArray());
    if (request.body() != null) {
      if (request.chunked()) {
        int chunk = 16 * 1024;
        for (int i = 0; i < request.body().length; i += chunk) {
          int n = Math.min(chunk, request.body().length - i);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(request.body(), i, n);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(request.body());
      }
    }
    out.flush();
  }

  private static void line(ByteArrayOutputStream out, String text) throws IOException {
    // Header values are sent byte for byte, so tests can send bytes that are not ASCII.
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] readAll(Socket socket, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("deadline");
      }
      socket.setSoTimeout((int) Math.max(1, left));
      int n;
      try {
        n = in.read(buffer);
      } catch (java.net.SocketException e) {
        // A reset after a complete answer (the server closed with unread request bytes).
        if (all.size() > 0) {
          return all.toByteArray();
        }
        throw e;
      }
      if (n < 0) {
        return all.toByteArray();
      }
      all.write(buffer, 0, n);
    }
  }

  private static Answer parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (end < 0) {
      return new Answer(
          -1,
          Map.of(),
          raw,
          raw.length == 0 ? "connection closed without an answer" : "incomplete answer");
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(status, headers, body, null);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int lineEnd = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), i);
      if (lineEnd < 0) {
        break;
      }
      String size = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0];
      int n = Integer.parseInt(size.trim(), 16);
      if (n == 0) {
        break;
      }
      int start = lineEnd + 2;
      out.write(body, start, Math.min(n, body.length - start));
      i = start + n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
