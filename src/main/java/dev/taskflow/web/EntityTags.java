package dev.taskflow.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The entity-tag lists of {@code If-Match} (RFC 9110 §13.1.1). A resource whose tags are
 * its version number can turn the header into the versions it accepts, and make the check
 * part of its conditional write.
 */
public final class EntityTags {

	private EntityTags() {
	}

	/** A strong tag for {@code version}: {@code "7"}. */
	public static String of(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * The condition an {@code If-Match} header sets: {@code null} when there is none or
	 * it is {@code *} alone (any current version will do), otherwise the versions it
	 * names. Weak and malformed tags, and a {@code *} inside a list, match nothing, as
	 * strong comparison requires, so the list may be empty.
	 */
	public static List<Long> ifMatchVersions(List<String> headerValues) {
		if (headerValues == null || headerValues.isEmpty()) {
			return null;
		}
		if (headerValues.size() == 1 && headerValues.getFirst().strip().equals("*")) {
			return null;
		}
		List<Long> versions = new ArrayList<>();
		for (String tag : tags(headerValues)) {
			Long version = strongVersion(tag);
			if (version != null) {
				versions.add(version);
			}
		}
		return versions;
	}

	/**
	 * Whether an {@code If-None-Match} header matches {@code version}: {@code *}, or a
	 * tag for it, weak or strong (RFC 9110 §13.1.2 compares weakly). A GET it matches is
	 * answered 304.
	 */
	public static boolean noneMatchHits(List<String> headerValues, long version) {
		if (headerValues == null) {
			return false;
		}
		for (String tag : tags(headerValues)) {
			if (tag.equals("*")
					|| Long.valueOf(version).equals(strongVersion(tag.startsWith("W/") ? tag.substring(2) : tag))) {
				return true;
			}
		}
		return false;
	}

	private static List<String> tags(List<String> headerValues) {
		List<String> tags = new ArrayList<>();
		for (String value : headerValues) {
			for (String tag : value.split(",")) {
				tags.add(tag.strip());
			}
		}
		return tags;
	}

	/**
	 * The version a strong tag of ours names, or {@code null}: only the form {@link #of}
	 * writes, so not "06".
	 */
	private static Long strongVersion(String tag) {
		if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
			return null;
		}
		String digits = tag.substring(1, tag.length() - 1);
		try {
			long version = Long.parseLong(digits);
			return Long.toString(version).equals(digits) ? version : null;
		}
		catch (NumberFormatException notOurs) {
			return null;
		}
	}

}
