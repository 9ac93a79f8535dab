package dev.taskflow.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The entity-tag lists of {@code If-Match} (RFC 9110 §13.1.1). A resource whose tags are its version number can
 * turn the header into the versions it accepts, and make the check part of its conditional write.
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** A strong tag for {@code version}: {@code "7"}. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The condition an {@code If-Match} header sets: {@code null} when there is none or it is {@code *} (any current
     * version will do), otherwise the versions it names. Weak and malformed tags match nothing, as strong comparison
     * requires, so the list may be empty.
     */
    public static List<Long> ifMatchVersions(List<String> headerValues) {
        if (headerValues == null || headerValues.isEmpty()) {
            return null;
        }
        List<Long> versions = new ArrayList<>();
        for (String value : headerValues) {
            for (String tag : value.split(",")) {
                String trimmed = tag.strip();
                if (trimmed.equals("*")) {
                    return null;
                }
                if (trimmed.length() > 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                    try {
                        versions.add(Long.parseLong(trimmed.substring(1, trimmed.length() - 1)));
                    } catch (NumberFormatException ignored) {
                        // not one of our tags: it matches no version
                    }
                }
            }
        }
        return versions;
    }
}
