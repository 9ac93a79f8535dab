package dev.taskflow.security;

/**
 * The text Spring Security's strict firewall accepts in header names and values and in query parameters, as loops:
 * the firewall's own predicates are regular expressions ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, tab also
 * allowed in header values), run again on every read of a header, which made them a visible share of every
 * request (bench/results/tuning.md). Same rules: every code point assigned, none a control character.
 */
final class FirewallText {

    private FirewallText() {
    }

    /** Header and parameter names. */
    static boolean assignedAndNotControl(String text) {
        return valid(text, false);
    }

    /** Header values: a tab is allowed too. */
    static boolean headerValue(String text) {
        return valid(text, true);
    }

    private static boolean valid(String text, boolean tabAllowed) {
        if (text == null) {
            return true; // as the firewall's own predicates: an absent header is nothing to refuse
        }
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!Character.isDefined(codePoint)
                    || (Character.isISOControl(codePoint) && !(tabAllowed && codePoint == '\t'))) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
