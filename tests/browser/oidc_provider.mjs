// A real OpenID Connect provider for the tests (the certified npm `oidc-provider`), standing in for
// CERN SSO: its development sign-in form takes any login, whose account is named after it.
// Configured by the environment; prints "listening <issuer>" once it answers.
import Provider from "oidc-provider";

const { PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_URI } = process.env;
const issuer = `http://127.0.0.1:${PORT}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    post_logout_redirect_uris: [POST_LOGOUT_URI],
    grant_types: ["authorization_code"],
    response_types: ["code"],
  }],
  claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `Shifter ${id}`, preferred_username: id, email: `${id}@cern.example` };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["the-tests-cookie-key"] },
});

const server = provider.listen(Number(PORT), "127.0.0.1", () => console.log(`listening ${issuer}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
