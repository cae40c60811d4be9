"""The demo platform's SMTP sink over IMAP: `otp.py ADDRESS` prints how many mails ADDRESS has;
`otp.py ADDRESS SEEN` waits (up to 30 s) for a mail after the first SEEN and prints its 6-digit code."""
import email
import imaplib
import re
import sys
import time

address = sys.argv[1]


def bodies():
    box = imaplib.IMAP4("localhost", 12143)
    box.login(address, "any")
    box.select("INBOX")
    found = []
    for number in box.search(None, "ALL")[1][0].split():
        message = email.message_from_bytes(box.fetch(number, "(RFC822)")[1][0][1])
        part = message.get_payload(0) if message.is_multipart() else message
        found.append(part.get_payload(decode=True).decode("utf-8", "replace"))
    box.logout()
    return found


if len(sys.argv) == 2:
    print(len(bodies()))
    sys.exit(0)
seen = int(sys.argv[2])
for _ in range(60):
    for body in bodies()[seen:]:
        code = re.search(r"\b(\d{6})\b", body)
        if code:
            print(code.group(1))
            sys.exit(0)
    time.sleep(0.5)
sys.exit("no code for %s" % address)
