package dev.taskflow.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.logging.AccessLogFactory;

/**
 * One line per request from Reactor Netty, with its {@link RequestId}, when
 * {@code ACCESS_LOG=true} ({@code taskflow.access-log}); off by default. The path is
 * logged without its query, which may carry a feed ticket.
 */
@Component
@ConditionalOnBooleanProperty("taskflow.access-log")
class AccessLog implements NettyServerCustomizer {

	@Override
	public HttpServer apply(HttpServer server) {
		AccessLogFactory lines = args -> reactor.netty.http.server.logging.AccessLog.create(
				"{} {} {} {} bytes {} ms request_id={}", args.method(), path(args.uri()), args.status(),
				args.contentLength(), args.duration(), args.responseHeader(RequestId.HEADER));
		return server.accessLog(true, lines);
	}

	private static CharSequence path(CharSequence uri) {
		String text = uri == null ? "" : uri.toString();
		int query = text.indexOf('?');
		return query < 0 ? text : text.substring(0, query);
	}

}
