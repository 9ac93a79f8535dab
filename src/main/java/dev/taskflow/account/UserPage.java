package dev.taskflow.account;

import java.util.List;

record UserPage(List<UserView> items, long total, int limit, long offset) {
}
