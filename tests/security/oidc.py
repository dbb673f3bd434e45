"""A token issuer for the tests: RSA keys made here, their JWKS served on the loopback (nothing goes
to the network), and tokens signed with them."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://auth.example/realms/cern"
AUDIENCE = "pixelws"


def new_key(kid):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    return private, {**public, "kid": kid, "use": "sig", "alg": "RS256"}


class Issuer:
    """A JWKS endpoint on 127.0.0.1 that counts how often it is fetched. ``outage`` makes it fail:
    "http 500", "html" (a proxy's page with a 200), "slow" (answers after 1 s)."""

    def __init__(self):
        self.keys, self.fetches, self.outage = {}, 0, None
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                issuer.fetches += 1
                if issuer.outage == "slow":
                    time.sleep(1)
                status, body = {
                    "http 500": (500, b"Internal Server Error"),
                    "html": (200, b"<html><body>Service unavailable</body></html>"),
                }.get(issuer.outage, (200, json.dumps({"keys": [public for _, public in issuer.keys.values()]}).encode()))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/protocol/openid-connect/certs"

    def token(self, kid, signed_by=None, **claims):
        """A token naming key ``kid``, signed by it (or by key ``signed_by``)."""
        claims = {"iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 300, "sub": "shifter", **claims}
        return jwt.encode(claims, self.keys[signed_by or kid][0], algorithm="RS256", headers={"kid": kid})

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
