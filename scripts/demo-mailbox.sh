#!/usr/bin/env bash
# Shows the latest e-mails the embedded SMTP sink received for a demo account (its one-time
# sign-in code, an export that is ready), read over IMAP as a mail client would.
#
#   bash scripts/demo-mailbox.sh prescriber [HOW_MANY]     (default: the latest one)
set -euo pipefail
USER_NAME="${1:?usage: scripts/demo-mailbox.sh ACCOUNT [HOW_MANY]}"
HOW_MANY="${2:-1}"
case "$USER_NAME" in *@*) ADDRESS=$USER_NAME ;; *) ADDRESS="$USER_NAME@demo.iris.invalid" ;; esac
python3 - "$ADDRESS" "$HOW_MANY" "${IRIS_IMAP_PORT:-12143}" <<'PY'
import email, email.header, imaplib, sys
address, how_many, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
imap = imaplib.IMAP4("localhost", port)
imap.login(address, "any")  # the sink accepts any password
imap.select("INBOX")
ids = imap.search(None, "ALL")[1][0].split()
if not ids:
    print(f"no e-mail for {address} yet")
for i in ids[-how_many:]:
    message = email.message_from_bytes(imap.fetch(i, "(RFC822)")[1][0][1])
    subject = str(email.header.make_header(email.header.decode_header(message.get("Subject", ""))))
    part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
    print(f"--- {message.get('Date')} | {subject}")
    print((part.get_payload(decode=True) or b"").decode(part.get_content_charset() or "utf-8", "replace").strip())
imap.logout()
PY
