package dev.taskflow.config;

import org.springframework.boot.origin.Origin;

/**
 * Where a property set through its documented variable came from: the variable, and where
 * that was set (the environment, {@code .env}, a {@code -D} option, a config tree file).
 */
record VariableOrigin(String variable, Origin from) implements Origin {

	@Override
	public Origin getParent() {
		return from;
	}

	@Override
	public String toString() {
		return variable + (from == null ? "" : " (" + from + ")");
	}

}
