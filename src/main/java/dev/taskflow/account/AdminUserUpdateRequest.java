package dev.taskflow.account;

/** An administrator's change to an account; absent (or null) fields stay as they are. */
record AdminUserUpdateRequest(Boolean isActive, String role) {
}
