package dev.tollgate.springcompat.rfc9068;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same Spring Boot API with the two beans Spring Security documents for RFC 9068 access tokens:
 * the {@code typ} check moves from Nimbus's default (JWT or none) to a validator that takes
 * {@code at+jwt}. Issuer and audience still come only from the properties
 * ({@code issuer-uri}, {@code audiences}), and Spring Boot still builds the decoder.
 */
@SpringBootApplication(excludeName = {
    // the test class path holds H2 and Flyway for Tollgate itself; this API has no database
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration"})
@RestController
public class Rfc9068Api {
    @Bean
    JwkSetUriJwtDecoderBuilderCustomizer typeCheckedByValidator() {
        return builder -> builder.validateType(false);
    }

    @Bean
    OAuth2TokenValidator<Jwt> accessTokenType() {
        return new JwtTypeValidator("at+jwt");
    }

    @GetMapping("/whoami")
    public String whoami(@AuthenticationPrincipal Jwt jwt) {
        return jwt.getSubject() + " " + jwt.getClaimAsString("scope");
    }
}
