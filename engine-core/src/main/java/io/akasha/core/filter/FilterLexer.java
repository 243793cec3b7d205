package io.akasha.core.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.akasha.core.filter.Token.Kind;

/**
 * Splits a filter expression into {@link Token}s. Keywords ({@code and or not in like is null
 * true false}) are recognised in any letter case, as Milvus accepts {@code AND} and {@code and}.
 * Strings take single or double quotes and the escapes {@code \" \' \\ \n \t \r} and &#92;uXXXX;
 * {@code \%} and {@code \_} are kept as written, so that a LIKE pattern can match them literally.
 */
final class FilterLexer {

    private static final Map<String, Kind> KEYWORDS = Map.of(
            "and", Kind.AND, "or", Kind.OR, "not", Kind.NOT, "in", Kind.IN, "like", Kind.LIKE,
            "is", Kind.IS, "null", Kind.NULL, "true", Kind.TRUE, "false", Kind.FALSE);

    private final String source;
    private int pos;

    private FilterLexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) {
        return new FilterLexer(source).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
                pos++;
            }
            if (pos >= source.length()) {
                tokens.add(new Token(Kind.END, "", null, pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = source.charAt(pos);
        if (Character.isLetter(c) || c == '_' || c == '$') {
            return word(start);
        }
        if (isAsciiDigit(c) || (c == '.' && pos + 1 < source.length() && isAsciiDigit(source.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '"' || c == '\'') {
            return string(start, c);
        }
        pos++;
        return switch (c) {
            case '(' -> token(Kind.LEFT_PAREN, start);
            case ')' -> token(Kind.RIGHT_PAREN, start);
            case '[' -> token(Kind.LEFT_BRACKET, start);
            case ']' -> token(Kind.RIGHT_BRACKET, start);
            case ',' -> token(Kind.COMMA, start);
            case '+' -> token(Kind.PLUS, start);
            case '-' -> token(Kind.MINUS, start);
            case '/' -> token(Kind.SLASH, start);
            case '%' -> token(Kind.PERCENT, start);
            case '*' -> token(follows('*') ? Kind.POWER : Kind.STAR, start);
            case '=' -> {
                if (follows('=')) {
                    yield token(Kind.EQ, start);
                }
                throw error(start, "'=' is not an operator: use '==' to compare");
            }
            case '!' -> token(follows('=') ? Kind.NE : Kind.NOT, start);
            case '<' -> token(follows('=') ? Kind.LE : Kind.LT, start);
            case '>' -> token(follows('=') ? Kind.GE : Kind.GT, start);
            case '&' -> {
                if (follows('&')) {
                    yield token(Kind.AND, start);
                }
                throw error(start, "'&' is not an operator: use '&&' or 'and'");
            }
            case '|' -> {
                if (follows('|')) {
                    yield token(Kind.OR, start);
                }
                throw error(start, "'|' is not an operator: use '||' or 'or'");
            }
            default -> throw error(start, "unexpected character '" + printable(c) + "'");
        };
    }

    private boolean follows(char expected) {
        if (pos < source.length() && source.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, source.substring(start, pos), null, start);
    }

    private Token word(int start) {
        pos++;
        while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
            pos++;
        }
        String text = source.substring(start, pos);
        Kind keyword = KEYWORDS.get(text.toLowerCase(Locale.ROOT));
        if (keyword != null) {
            return new Token(keyword, text.toLowerCase(Locale.ROOT), null, start);
        }
        return new Token(Kind.IDENTIFIER, text, text, start);
    }

    private Token number(int start) {
        boolean floating = false;
        while (pos < source.length() && isAsciiDigit(source.charAt(pos))) {
            pos++;
        }
        if (pos < source.length() && source.charAt(pos) == '.') {
            floating = true;
            pos++;
            while (pos < source.length() && isAsciiDigit(source.charAt(pos))) {
                pos++;
            }
        }
        if (pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < source.length() && (source.charAt(pos) == '+' || source.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= source.length() || !isAsciiDigit(source.charAt(pos))) {
                throw error(mark, "expected digits after the exponent");
            }
            while (pos < source.length() && isAsciiDigit(source.charAt(pos))) {
                pos++;
            }
            floating = true;
        }
        if (pos < source.length() && (Character.isLetter(source.charAt(pos)) || source.charAt(pos) == '_')) {
            throw error(pos, "unexpected '" + printable(source.charAt(pos)) + "' after the number");
        }
        String text = source.substring(start, pos);
        if (floating) {
            double value = Double.parseDouble(text);
            if (Double.isInfinite(value)) {
                throw error(start, "the number " + text + " is too large");
            }
            return new Token(Kind.FLOAT, text, value, start);
        }
        try {
            return new Token(Kind.INTEGER, text, Long.parseLong(text), start);
        } catch (NumberFormatException e) {
            throw error(start, "the integer " + text + " does not fit in 64 bits");
        }
    }

    private Token string(int start, char quote) {
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= source.length()) {
                throw error(start, "the string is not closed: expected " + quote);
            }
            char c = source.charAt(pos++);
            if (c == quote) {
                return new Token(Kind.STRING, source.substring(start, pos), value.toString(), start);
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= source.length()) {
                throw error(pos - 1, "the string ends in the middle of an escape");
            }
            char e = source.charAt(pos++);
            switch (e) {
                case '"', '\'', '\\', '%', '_' -> {
                    // \% and \_ stay escaped so that a LIKE pattern can match them literally.
                    if (e == '%' || e == '_') {
                        value.append('\\');
                    }
                    value.append(e);
                }
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'u' -> {
                    if (pos + 4 > source.length()) {
                        throw error(pos - 2, "expected four hex digits after \\u");
                    }
                    try {
                        value.append((char) Integer.parseInt(source.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error(pos - 2, "expected four hex digits after \\u");
                    }
                    pos += 4;
                }
                default -> throw error(pos - 2, "unknown escape '\\" + printable(e) + "'");
            }
        }
    }

    /** Only ASCII digits make numbers: {@link Character#isDigit} also accepts other scripts' digits. */
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c)
                : String.valueOf(c);
    }

    private FilterException error(int at, String problem) {
        return new FilterException(source, at, problem);
    }
}
