package dev.tollgate.springcompat.stock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot API protected the stock way: no security code at all, only
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (and {@code audiences}) in its
 * properties, so Spring Boot's own resource server configuration does everything.
 */
@SpringBootApplication(excludeName = {
    // the test class path holds H2 and Flyway for Tollgate itself; this API has no database
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration"})
@RestController
public class StockApi {
    @GetMapping("/whoami")
    public String whoami(@AuthenticationPrincipal Jwt jwt) {
        return jwt.getSubject() + " " + jwt.getClaimAsString("scope");
    }
}
