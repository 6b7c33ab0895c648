package dev.latchkey.discovery;

import dev.latchkey.session.IssuedIntermediateSession;
import java.util.List;

/** The answer of a discovery authentication: an intermediate session bound to the address, and its organizations. */
public record DiscoveryResult(
        IssuedIntermediateSession intermediateSession, String email, List<DiscoveredOrganization> organizations) {}
