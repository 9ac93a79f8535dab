package dev.taskflow.web;

/**
 * JSON can spell what no text holds: the escape {@code "\uD800"} decodes to a lone
 * surrogate, a Java string that has no UTF-8 form. PostgreSQL would never see it; the
 * driver writes '?' in its place, so the stored text would differ from what the client
 * sent. Text fields refuse such strings instead.
 */
public final class UnicodeText {

	private UnicodeText() {
	}

	/** False if {@code text} has a surrogate that is not half of a pair. */
	public static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
