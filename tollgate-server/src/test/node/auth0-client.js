// Auth0's own Node.js client (the auth0 package's AuthenticationClient) against a Tollgate test
// server, as an application written for Auth0 would use it. The package has no method for the
// mfa-otp grant, so that step goes through the same client's request, client authentication and
// ID token validation, exactly as its passwordGrant does for the password grant.
// Input (environment): DOMAIN, CLIENT_ID, CLIENT_SECRET, ALICE_OTP, BOB_OTP.
// Output (stdout): one JSON object with what each step returned.
'use strict';
const { AuthenticationClient, AuthApiError } = require('auth0');

const MFA_OTP = 'http://auth0.com/oauth/grant-type/mfa-otp';

async function main() {
  const env = process.env;
  const auth = new AuthenticationClient({
    domain: env.DOMAIN,
    clientId: env.CLIENT_ID,
    clientSecret: env.CLIENT_SECRET,
  });
  const out = {};

  // a wrong password: the usual invalid_grant
  try {
    await auth.oauth.passwordGrant({ username: 'alice', password: 'wrong', scope: 'openid' });
    out.wrongPassword = { ok: true };
  } catch (e) {
    out.wrongPassword = describe(e);
  }

  // a right password of an enrolled user: mfa_required, with the mfa_token in the error's body
  let mfaToken;
  try {
    await auth.oauth.passwordGrant({ username: 'alice', password: 'alice-password', scope: 'openid' });
    out.mfaRequired = { ok: true };
  } catch (e) {
    out.mfaRequired = describe(e);
    mfaToken = e instanceof AuthApiError ? JSON.parse(e.body).mfa_token : undefined;
  }

  // the mfa-otp grant, through the client's own machinery; the ID token is validated by it
  if (mfaToken) {
    const response = await auth.oauth.request({
      path: '/oauth/token',
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: env.CLIENT_ID,
        ...(await auth.oauth.addClientAuthentication({ mfa_token: mfaToken, otp: env.ALICE_OTP })),
        grant_type: MFA_OTP,
      }),
    });
    const tokens = await response.json();
    await auth.oauth.idTokenValidator.validate(tokens.id_token);
    out.mfaOtp = { ok: true, status: response.status, tokens };
  }

  // Keycloak's way, through passwordGrant unchanged: the code as the otp parameter
  const inline = await auth.oauth.passwordGrant({
    username: 'bob', password: 'bob-password', scope: 'openid', otp: env.BOB_OTP,
  });
  out.inline = { ok: true, status: inline.status, tokens: inline.data };

  process.stdout.write(JSON.stringify(out));
}

function describe(e) {
  return {
    ok: false,
    name: e.name,
    error: e.error,
    error_description: e.error_description,
    statusCode: e.statusCode,
    body: e.body,
  };
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n' + JSON.stringify(describe(e)) + '\n');
  process.exit(1);
});
