package dev.tollgate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds client assertions (RFC 7523) the way client libraries do, with every field open to change. */
final class ClientAssertions {
    static final String TYPE = "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";

    private ClientAssertions() {}

    static Builder of(String clientId, String audience) {
        return new Builder(clientId, audience);
    }

    static final class Builder {
        String issuer;
        String subject;
        String audience;
        long expiresIn = 120;
        String jti = UUID.randomUUID().toString();
        String kid;
        Object rawAudience;

        Builder(String clientId, String audience) {
            this.issuer = clientId;
            this.subject = clientId;
            this.audience = audience;
        }

        Builder issuer(String value) {
            issuer = value;
            return this;
        }

        Builder audience(String value) {
            audience = value;
            return this;
        }

        /** The {@code aud} exactly as it goes into the payload, e.g. a list, which Nimbus would send as a string if it had one item. */
        Builder rawAudience(Object value) {
            rawAudience = value;
            return this;
        }

        Builder expiresIn(long seconds) {
            expiresIn = seconds;
            return this;
        }

        Builder jti(String value) {
            jti = value;
            return this;
        }

        Builder kid(String value) {
            kid = value;
            return this;
        }

        JWTClaimsSet claims() {
            return new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .subject(subject)
                    .audience(audience)
                    .issueTime(new Date())
                    .expirationTime(new Date(System.currentTimeMillis() + expiresIn * 1000))
                    .jwtID(jti)
                    .build();
        }

        /** Signed with a private JWK (RSA, EC or Ed25519) using the given algorithm. */
        String sign(JWK key, JWSAlgorithm alg) {
            try {
                JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa)
                        : key instanceof ECKey ec ? new ECDSASigner(ec)
                        : new Ed25519Signer((OctetKeyPair) key);
                return sign(signer, alg, kid != null ? kid : key.getKeyID());
            } catch (JOSEException e) {
                throw new AssertionError(e);
            }
        }

        /** MACed with a client secret (client_secret_jwt). */
        String mac(String secret, JWSAlgorithm alg) {
            try {
                return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), alg, kid);
            } catch (JOSEException e) {
                throw new AssertionError(e);
            }
        }

        private String sign(JWSSigner signer, JWSAlgorithm alg, String keyId) throws JOSEException {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(keyId).build(), new Payload(payload()));
            jws.sign(signer);
            return jws.serialize();
        }

        private Map<String, Object> payload() {
            Map<String, Object> payload = new LinkedHashMap<>(claims().toJSONObject());
            if (rawAudience != null) {
                payload.put("aud", rawAudience);
            }
            return payload;
        }

        /** An unsigned ("alg": "none") assertion. */
        String unsigned() {
            return new com.nimbusds.jose.PlainObject(new Payload(payload())).serialize();
        }
    }

    /** The form parameters that carry an assertion. */
    static String params(String assertion) {
        return "client_assertion_type=" + TYPE + "&client_assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    }
}
