package dev.tollgate.http.admin;

/**
 * Who makes an admin API request: the access token's subject (a user, or the client itself for
 * client credentials), its client, the request's address, and whether it may change anything.
 */
record Caller(String subject, String clientId, String clientIp, boolean canWrite) {}
