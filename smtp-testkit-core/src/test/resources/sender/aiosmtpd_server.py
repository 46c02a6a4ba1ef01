# An aiosmtpd server for SenderAgainstForeignServersTest: python3 aiosmtpd_server.py PORT OUTFILE.
# Each message is appended to OUTFILE as one JSON line (envelope, options, the octets in base64).
# AUTH PLAIN and LOGIN accept alice / s3cret; SMTPUTF8 is offered. Runs until killed.
import base64, json, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, out = int(sys.argv[1]), sys.argv[2]

class Recorder:
    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "content": base64.b64encode(envelope.original_content).decode("ascii"),
            "login": getattr(session, "testkit_login", None),
        }
        with open(out, "a") as f:
            f.write(json.dumps(record) + "\n")
        return "250 2.0.0 OK queued as AIO42"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"alice" and auth_data.password == b"s3cret"
    if ok:
        session.testkit_login = auth_data.login.decode("utf-8")
    return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

controller = Controller(Recorder(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                        auth_require_tls=False, enable_SMTPUTF8=True, decode_data=False)
controller.start()
print("ready", flush=True)
threading.Event().wait()
