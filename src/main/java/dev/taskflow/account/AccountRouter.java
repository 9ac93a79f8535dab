package dev.taskflow.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.taskflow.web.QueryParameters.takingNone;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

/**
 * The account routes, each with its OpenAPI description ({@link AccountApiDocs}). Who may
 * call what is decided by the security chain: auth is open, admin needs role admin, the
 * rest a token. Only the admin list takes query parameters. A user id is digits only, as
 * a task id is: {@code Long.parseLong} alone would also take "+7" as user 7.
 */
@Configuration(proxyBeanMethods = false)
class AccountRouter {

	@Bean
	RouterFunction<ServerResponse> accountRoutes(AccountHandler accounts, AdminUserHandler admin) {
		return route().POST("/api/v1/auth/register", takingNone(accounts::register), AccountApiDocs::register)
			.POST("/api/v1/auth/login", takingNone(accounts::login), AccountApiDocs::login)
			.GET("/api/v1/users/me", takingNone(accounts::me), AccountApiDocs::me)
			.PATCH("/api/v1/users/me", takingNone(accounts::update), AccountApiDocs::update)
			.DELETE("/api/v1/users/me", takingNone(accounts::delete), AccountApiDocs::delete)
			.GET("/api/v1/admin/users", admin::list, AccountApiDocs::list)
			.PATCH("/api/v1/admin/users/{id:[0-9]+}", takingNone(admin::update), AccountApiDocs::adminUpdate)
			.build();
	}

}
