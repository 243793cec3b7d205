package io.akasha.core.filter;

/**
 * One lexical token of a filter expression.
 *
 * @param kind     what it is
 * @param text     its text as written (for keywords, lower-cased)
 * @param value    the value of a literal: {@link Long}, {@link Double} or {@link String}
 * @param position its 0-based start offset in the expression
 */
record Token(Kind kind, String text, Object value, int position) {

    enum Kind {
        IDENTIFIER, INTEGER, FLOAT, STRING,
        AND, OR, NOT, IN, LIKE, IS, NULL, TRUE, FALSE,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH, PERCENT, POWER,
        END
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case END -> "end of expression";
            case STRING -> "string \"" + value + "\"";
            case IDENTIFIER -> "'" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
