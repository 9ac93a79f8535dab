package dev.taskflow.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the database says about a token's subject now: who they are (active, with this role), and since when their
 * tokens count ({@code null}: all of them; a password change moves it to the time of the change).
 */
record UserStatus(AuthenticatedUser user, Instant tokensIssuedAfter) {

    /**
     * A token's issue time is in whole seconds, so one issued in the same second as the cut-off still counts: a
     * client that changes its password and signs in again at once must not be refused. A token without an issue
     * time cannot show it came after a cut-off.
     */
    boolean accepts(Instant issuedAt) {
        if (tokensIssuedAfter == null) {
            return true;
        }
        return issuedAt != null && !issuedAt.isBefore(tokensIssuedAfter.truncatedTo(ChronoUnit.SECONDS));
    }
}
