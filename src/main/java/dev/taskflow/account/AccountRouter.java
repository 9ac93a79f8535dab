package dev.taskflow.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/** Who may call what is decided by the security chain: auth is open, admin needs role admin, the rest a token. */
@Configuration(proxyBeanMethods = false)
class AccountRouter {

    @Bean
    RouterFunction<ServerResponse> accountRoutes(AccountHandler accounts, AdminUserHandler admin) {
        return route()
                .POST("/api/v1/auth/register", accounts::register)
                .POST("/api/v1/auth/login", accounts::login)
                .GET("/api/v1/users/me", accounts::me)
                .PATCH("/api/v1/users/me", accounts::update)
                .DELETE("/api/v1/users/me", accounts::delete)
                .GET("/api/v1/admin/users", admin::list)
                .PATCH("/api/v1/admin/users/{id}", admin::update)
                .build();
    }
}
