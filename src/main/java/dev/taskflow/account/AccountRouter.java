package dev.taskflow.account;

import dev.taskflow.web.PathIds;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

/**
 * The account routes, each with its OpenAPI description ({@link AccountApiDocs}). Who may
 * call what is decided by the security chain: auth is open, admin needs role admin, the
 * rest a token. Each handler reads its query string first ({@code QueryParameters}); only
 * the admin list takes parameters. A user id is a {@link PathIds} segment, as a task id
 * is.
 */
@Configuration(proxyBeanMethods = false)
class AccountRouter {

	@Bean
	RouterFunction<ServerResponse> accountRoutes(AccountHandler accounts, AdminUserHandler admin) {
		return route().POST("/api/v1/auth/register", accounts::register, AccountApiDocs::register)
			.POST("/api/v1/auth/login", accounts::login, AccountApiDocs::login)
			.GET("/api/v1/users/me", accounts::me, AccountApiDocs::me)
			.PATCH("/api/v1/users/me", accounts::update, AccountApiDocs::update)
			.DELETE("/api/v1/users/me", accounts::delete, AccountApiDocs::delete)
			.GET("/api/v1/admin/users", admin::list, AccountApiDocs::list)
			.PATCH("/api/v1/admin/users/" + PathIds.SEGMENT, admin::update, AccountApiDocs::adminUpdate)
			.build();
	}

}
