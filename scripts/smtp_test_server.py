"""A real SMTP server for the reception service's tests (aiosmtpd), on loopback.

Prints "PORT <n>" once it listens, then serves until killed. Every message it accepts is
written to OUT_DIR as <n>.eml (the bytes as received), and every try is appended to
OUT_DIR/attempts.log as "<code> <rcpt> <message-id>". What it answers depends on the
recipient's local part, so one server serves every test:

  tempfail...@  451 on the first try of each Message-ID, then 250
  reject...@    550 (a permanent refusal)
  anything else 250

Usage: python smtp_test_server.py OUT_DIR [PORT]   (PORT 0 or absent: a free one)
"""

import asyncio
import os
import re
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.tried = set()
        self.count = 0

    def log(self, code, rcpt, message_id):
        with open(os.path.join(self.out_dir, "attempts.log"), "a") as f:
            f.write(f"{code} {rcpt} {message_id}\n")

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        match = re.search(rb"^Message-ID:\s*(\S+)", content, re.I | re.M)
        message_id = match.group(1).decode() if match else "-"
        rcpt = envelope.rcpt_tos[0] if envelope.rcpt_tos else "-"
        local = rcpt.split("@")[0].lower()
        if local.startswith("reject"):
            self.log(550, rcpt, message_id)
            return "550 5.1.1 Mailbox unavailable: no such user here"
        if local.startswith("tempfail") and message_id not in self.tried:
            self.tried.add(message_id)
            self.log(451, rcpt, message_id)
            return "451 4.3.0 Try again later, please"
        self.count += 1
        name = os.path.join(self.out_dir, f"{self.count:06d}.eml")
        with open(name + ".part", "wb") as f:
            f.write(content)
        os.replace(name + ".part", name)
        self.log(250, rcpt, message_id)
        return f"250 2.0.0 Ok: queued as test-{self.count}"


async def main():
    out_dir = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    os.makedirs(out_dir, exist_ok=True)
    handler = Handler(out_dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp.test", decode_data=False),
        host="127.0.0.1",
        port=port,
    )
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
