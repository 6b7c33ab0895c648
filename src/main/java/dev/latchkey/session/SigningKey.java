package dev.latchkey.session;

import com.nimbusds.jose.JWSSigner;

/** A project's active signing key, parsed once: its kid and a thread-safe RS256 signer. */
public record SigningKey(String kid, JWSSigner signer) {}
