package dev.taskflow.account;

import dev.taskflow.security.UserStatusLookup;
import dev.taskflow.web.FieldErrors;
import dev.taskflow.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What an administrator may do to accounts. Deleted accounts are gone for administrators
 * too.
 */
@Service
class AdminUserService {

	private final UserRepository users;

	private final UserStatusLookup statuses;

	AdminUserService(UserRepository users, UserStatusLookup statuses) {
		this.users = users;
		this.statuses = statuses;
	}

	Mono<UserPage> page(int limit, long offset) {
		return Mono.zip(users.page(limit, offset).collectList(), users.count())
			.map(page -> new UserPage(page.getT1(), page.getT2(), limit, offset));
	}

	/**
	 * An administrator cannot deactivate or demote themselves, so the last one cannot
	 * lock everyone out.
	 */
	Mono<UserView> update(long adminId, long userId, AdminUserUpdateRequest request) {
		return Mono.defer(() -> {
			FieldErrors errors = new FieldErrors();
			AccountRules.role(errors, request.role());
			if (adminId == userId && Boolean.FALSE.equals(request.isActive())) {
				errors.reject("isActive", "cannot deactivate your own account");
			}
			if (adminId == userId && "user".equals(request.role())) {
				errors.reject("role", "cannot remove your own admin role");
			}
			errors.throwIfAny();
			Mono<UserView> result = request.isActive() == null && request.role() == null ? users.find(userId)
					: users.updateStatus(userId, request.isActive(), request.role())
						.doOnNext(updated -> statuses.forget(userId));
			return result.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.NOT_FOUND, "No such user.")));
		});
	}

}
