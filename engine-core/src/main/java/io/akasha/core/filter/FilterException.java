package io.akasha.core.filter;

import io.akasha.core.AkashaException;

/**
 * A filter expression that cannot be parsed or does not fit the schema. The message quotes the
 * expression, points at the character where the problem starts and says what was expected
 * there; {@link #position()} is that character's 0-based offset.
 */
public final class FilterException extends AkashaException {

    private final int position;

    public FilterException(String expression, int position, String problem) {
        super(ErrorCode.INVALID_ARGUMENT, format(expression, position, problem));
        this.position = position;
    }

    /** The 0-based offset in the expression where the problem starts. */
    public int position() {
        return position;
    }

    private static String format(String expression, int position, String problem) {
        String shown = expression.length() > 200 ? expression.substring(0, 200) + "..." : expression;
        String caret = position <= 200 ? "\n  " + shown.replaceAll("[\\r\\n\\t]", " ") + "\n  "
                + " ".repeat(position) + "^" : "";
        return "invalid filter at position " + position + ": " + problem + caret;
    }
}
