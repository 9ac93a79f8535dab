package dev.taskflow.seed;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * How far the seed is, with a rate and an ETA: one bar redrawn in place on a terminal, or
 * a plain line at every tenth of the work when the output goes to a file or a pipe (a log
 * should not fill with carriage returns).
 */
final class Progress {

	private static final long REDRAW_NANOS = 100_000_000L;

	private static final int BAR = 30;

	private final PrintStream out;

	private final boolean terminal;

	private final long total;

	private final long started = System.nanoTime();

	private String phase = "";

	private long done;

	private long lastDraw;

	private int lastTenth;

	Progress(PrintStream out, boolean terminal, long total) {
		this.out = out;
		this.terminal = terminal;
		this.total = Math.max(1, total);
	}

	/**
	 * Whether the standard streams are a terminal. Since JDK 22 {@code System.console()}
	 * exists even when they are redirected and {@code Console.isTerminal()} tells; on JDK
	 * 21 a console exists only for a terminal.
	 */
	static boolean onTerminal() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			return (boolean) Console.class.getMethod("isTerminal").invoke(console);
		}
		catch (ReflectiveOperationException e) {
			return true;
		}
	}

	void phase(String name) {
		phase = name;
		draw(true);
	}

	void advance(long units) {
		done += units;
		draw(false);
	}

	void finish() {
		done = total;
		draw(true);
		if (terminal) {
			out.println();
		}
		out.flush();
	}

	private void draw(boolean force) {
		long now = System.nanoTime();
		if (terminal) {
			if (!force && now - lastDraw < REDRAW_NANOS) {
				return;
			}
			lastDraw = now;
			int filled = (int) (BAR * done / total);
			out.print("\r%-6s [%s%s] %3d%%  %s   ".formatted(phase, "#".repeat(filled), "-".repeat(BAR - filled),
					100 * done / total, figures(now)));
			out.flush();
			return;
		}
		int tenth = (int) (10 * done / total);
		if (tenth > lastTenth) {
			lastTenth = tenth;
			out.println("seed: %3d%% %-6s %s".formatted(10 * tenth, phase, figures(now)));
		}
	}

	private String figures(long now) {
		double seconds = Math.max(1e-3, (now - started) / 1e9);
		double rate = done / seconds;
		String eta = done == 0 ? "--:--" : clock(Duration.ofSeconds(Math.round((total - done) / Math.max(rate, 1e-9))));
		return String.format(Locale.ROOT, "%,d/%,d  %,.0f/s  ETA %s", done, total, rate, eta);
	}

	private static String clock(Duration duration) {
		return "%d:%02d".formatted(duration.toMinutes(), duration.toSecondsPart());
	}

}
