#!/usr/bin/env python3
"""A minimal SMTP server that accepts every message and discards it, counting them.

Used by bench/notify-latency.sh so the benchmark pays for real SMTP round trips without a mail
server that keeps every message in memory. Usage: smtp_sink.py PORT COUNT_FILE
"""
import asyncio
import sys

PORT = int(sys.argv[1])
COUNT_FILE = sys.argv[2]
count = 0


async def handle(reader, writer):
    global count
    writer.write(b"220 sink ESMTP\r\n")
    await writer.drain()
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            cmd = line.strip().upper()
            if cmd.startswith(b"EHLO"):
                writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n")
            elif cmd.startswith(b"HELO"):
                writer.write(b"250 sink\r\n")
            elif cmd == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                while True:
                    data = await reader.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                count += 1
                writer.write(b"250 OK queued\r\n")
            elif cmd == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                # MAIL, RCPT, RSET, NOOP: all fine.
                writer.write(b"250 OK\r\n")
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def report():
    while True:
        await asyncio.sleep(1)
        with open(COUNT_FILE, "w") as f:
            f.write(str(count))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", PORT)
    asyncio.create_task(report())
    async with server:
        await server.serve_forever()


asyncio.run(main())
