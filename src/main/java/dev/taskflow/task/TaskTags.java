package dev.taskflow.task;

import dev.taskflow.web.UnicodeText;

import java.util.Locale;

/** What a tag is, for bodies and the {@code tags} filter alike. */
final class TaskTags {

	private TaskTags() {
	}

	/**
	 * The tag as stored (trimmed, lower-case), or {@code null} if {@code text} cannot be
	 * one.
	 */
	static String normalize(String text) {
		if (text == null) {
			return null;
		}
		String tag = text.strip().toLowerCase(Locale.ROOT);
		int length = UnicodeText.length(tag);
		if (length < 1 || length > TaskRequests.MAX_TAG || tag.indexOf(',') >= 0 || !UnicodeText.isWellFormed(tag)
				|| tag.codePoints().anyMatch(Character::isISOControl)) {
			return null;
		}
		return tag;
	}

}
