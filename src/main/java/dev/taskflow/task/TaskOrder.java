package dev.taskflow.task;

/** A sort field and direction, always made total by the task id in the same direction. */
record TaskOrder(TaskSort sort, boolean descending) {

	static final TaskOrder DEFAULT = new TaskOrder(TaskSort.CREATED_AT, true);

	/** As the {@code sort} parameter spells it, e.g. {@code createdAt,desc}. */
	String parameter() {
		return sort.parameter + (descending ? ",desc" : ",asc");
	}

	/** Parses {@code field} or {@code field,asc|desc}; {@code null} if it is neither. */
	static TaskOrder parse(String text) {
		String[] parts = text.split(",", -1);
		TaskSort sort = TaskSort.parse(parts[0]);
		if (sort == null || parts.length > 2) {
			return null;
		}
		if (parts.length == 1 || parts[1].equals("asc")) {
			return new TaskOrder(sort, false);
		}
		return parts[1].equals("desc") ? new TaskOrder(sort, true) : null;
	}

	String orderBy() {
		String direction = descending ? " DESC" : " ASC";
		return sort.expression + direction + ", id" + direction;
	}

	/** Rows strictly after the cursor's position in this order. */
	String after() {
		return "(" + sort.expression + ", id) " + (descending ? "<" : ">") + " (" + sort.cursorExpression
				+ ", :afterId)";
	}
}
