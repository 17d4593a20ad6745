package dev.waybill.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * A TCP proxy in front of a test server, so a test can cut every connection (and refuse new ones)
 * without losing the server's data, then let them through again.
 *
 * <p>Quarkus may load this class in more than one class loader (the config source and the test
 * itself), so the proxy is driven through JVM-wide system properties (strings only: libraries
 * iterate them): any copy of the class finds the same proxy by its name, and the proxy's own
 * watcher thread acts on them.
 */
public final class TcpProxy {

  private final String name;

  private TcpProxy(String name) {
    this.name = name;
  }

  /** Starts the named proxy once (later calls find it) and returns its port. */
  public static synchronized int start(String name, IntSupplier targetPort) {
    String portKey = key(name, "port");
    String existing = System.getProperty(portKey);
    if (existing != null) {
      return Integer.parseInt(existing);
    }
    Set<Socket> open = ConcurrentHashMap.newKeySet();
    String cutKey = key(name, "cut");
    String closedKey = key(name, "closed");
    System.setProperty(cutKey, "false");
    System.setProperty(closedKey, "false");
    ServerSocket server;
    try {
      server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  if (Boolean.getBoolean(cutKey)) {
                    client.close();
                    continue;
                  }
                  Socket upstream =
                      new Socket(InetAddress.getLoopbackAddress(), targetPort.getAsInt());
                  client.setTcpNoDelay(true);
                  upstream.setTcpNoDelay(true);
                  open.add(client);
                  open.add(upstream);
                  pipe(client, upstream, open);
                  pipe(upstream, client, open);
                } catch (IOException e) {
                  // The client or the server went away; keep accepting.
                }
              }
            },
            "tcp-proxy-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
    Thread watcher =
        new Thread(
            () -> {
              while (true) {
                if (Boolean.getBoolean(cutKey) && !Boolean.getBoolean(closedKey)) {
                  for (Socket s : open) {
                    close(s, open);
                  }
                  System.setProperty(closedKey, "true");
                }
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "tcp-proxy-watcher-" + name);
    watcher.setDaemon(true);
    watcher.start();
    System.setProperty(portKey, Integer.toString(server.getLocalPort()));
    return server.getLocalPort();
  }

  /** The running proxy of this name. */
  public static TcpProxy named(String name) {
    if (System.getProperty(key(name, "port")) == null) {
      throw new IllegalStateException("no proxy named " + name);
    }
    return new TcpProxy(name);
  }

  /** Closes every open connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    System.setProperty(key(name, "closed"), "false");
    System.setProperty(key(name, "cut"), "true");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!Boolean.getBoolean(key(name, "closed")) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Lets connections through again. */
  public void restore() {
    System.setProperty(key(name, "cut"), "false");
  }

  private static void pipe(Socket from, Socket to, Set<Socket> open) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // a side closed
              } finally {
                close(from, open);
                close(to, open);
              }
            },
            "tcp-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket s, Set<Socket> open) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** Outside the {@code waybill} config namespace, which a later application start validates. */
  private static String key(String name, String part) {
    return "dev.waybill.test-proxy." + name + "." + part;
  }
}
