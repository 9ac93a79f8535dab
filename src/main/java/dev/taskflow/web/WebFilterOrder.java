package dev.taskflow.web;

import org.springframework.core.Ordered;

/**
 * The order of the server's web filters, in one place. Each filter is a layer of every
 * request's reactive chain (and WebFlux adds a checkpoint per filter), so there are only
 * two:
 * <ol>
 * <li>{@link #GUARDS}: {@link RequestGuards}, what every request gets before anything
 * reads it: its id, the deadline, the drain's {@code Connection: close}, single-valued
 * headers, the body's size and UTF-8 checks, and the documentation routes moved off the
 * event loop;</li>
 * <li>{@link #SECURITY}: the firewall, security headers, CORS, the bearer token and the
 * access rules ({@code security.ApiSecurityFilter}).</li>
 * </ol>
 */
public final class WebFilterOrder {

	public static final int GUARDS = Ordered.HIGHEST_PRECEDENCE;

	public static final int SECURITY = GUARDS + 1;

	private WebFilterOrder() {
	}

}
