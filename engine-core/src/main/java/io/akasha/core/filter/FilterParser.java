package io.akasha.core.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.akasha.core.filter.FilterAst.Binary;
import io.akasha.core.filter.FilterAst.Call;
import io.akasha.core.filter.FilterAst.FieldRef;
import io.akasha.core.filter.FilterAst.InList;
import io.akasha.core.filter.FilterAst.IsNull;
import io.akasha.core.filter.FilterAst.Like;
import io.akasha.core.filter.FilterAst.ListLiteral;
import io.akasha.core.filter.FilterAst.Literal;
import io.akasha.core.filter.FilterAst.Logical;
import io.akasha.core.filter.FilterAst.Unary;
import io.akasha.core.filter.Token.Kind;

/**
 * A recursive-descent parser for Milvus's boolean expression language. Precedence, loosest
 * first: {@code or ||}, {@code and &&}, {@code not !}, then a predicate (comparisons, which
 * chain as in {@code 10 < x <= 20}; {@code [not] in}; {@code [not] like}; {@code is [not] null}),
 * {@code + -}, {@code * / %}, {@code **} (right-associative), unary minus, and primaries
 * (literals, lists, fields with subscripts, function calls, parentheses).
 *
 * <p>Errors say what was expected and where, through {@link FilterException}; nesting deeper
 * than {@value #MAX_DEPTH} levels is refused rather than risking the stack.
 */
final class FilterParser {

    static final int MAX_DEPTH = 200;
    private static final int MAX_LENGTH = 65_536;
    private static final Set<Kind> COMPARISONS = Set.of(Kind.EQ, Kind.NE, Kind.LT, Kind.LE, Kind.GT, Kind.GE);

    private final String source;
    private final List<Token> tokens;
    private int index;
    private int depth;

    private FilterParser(String source) {
        this.source = source;
        this.tokens = FilterLexer.tokenize(source);
    }

    static FilterAst parse(String source) {
        if (source.length() > MAX_LENGTH) {
            throw new FilterException(source, 0, "the expression is " + source.length()
                    + " characters long; the limit is " + MAX_LENGTH);
        }
        FilterParser parser = new FilterParser(source);
        if (parser.peek().kind() == Kind.END) {
            throw new FilterException(source, 0, "the expression is empty");
        }
        FilterAst tree = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Kind.END) {
            throw parser.error(rest, "expected 'and', 'or' or the end of the expression");
        }
        return tree;
    }

    private FilterAst or() {
        FilterAst first = and();
        if (peek().kind() != Kind.OR) {
            return first;
        }
        List<FilterAst> operands = new ArrayList<>(List.of(first));
        while (accept(Kind.OR)) {
            operands.add(and());
        }
        return new Logical(Kind.OR, List.copyOf(operands), first.position());
    }

    private FilterAst and() {
        FilterAst first = not();
        if (peek().kind() != Kind.AND) {
            return first;
        }
        List<FilterAst> operands = new ArrayList<>(List.of(first));
        while (accept(Kind.AND)) {
            operands.add(not());
        }
        return new Logical(Kind.AND, List.copyOf(operands), first.position());
    }

    private FilterAst not() {
        if (peek().kind() == Kind.NOT) {
            Token op = advance();
            enter(op);
            FilterAst operand = not();
            depth--;
            return new Unary(Kind.NOT, operand, op.position());
        }
        return predicate();
    }

    private FilterAst predicate() {
        FilterAst left = additive();
        Token next = peek();
        if (COMPARISONS.contains(next.kind())) {
            List<FilterAst> chain = new ArrayList<>();
            while (COMPARISONS.contains(peek().kind())) {
                Token op = advance();
                FilterAst right = additive();
                chain.add(new Binary(op.kind(), left, right, op.position()));
                left = right;
            }
            return chain.size() == 1 ? chain.getFirst() : new Logical(Kind.AND, List.copyOf(chain), next.position());
        }
        boolean negated = false;
        if (next.kind() == Kind.NOT && (peekAt(1).kind() == Kind.IN || peekAt(1).kind() == Kind.LIKE)) {
            advance();
            negated = true;
            next = peek();
        }
        switch (next.kind()) {
            case IN -> {
                advance();
                Token open = peek();
                if (open.kind() != Kind.LEFT_BRACKET) {
                    throw error(open, "expected a list like [1, 2, 3] after 'in'");
                }
                return new InList(left, list(), negated, next.position());
            }
            case LIKE -> {
                advance();
                Token pattern = advance();
                if (pattern.kind() != Kind.STRING) {
                    throw error(pattern, "expected a quoted pattern after 'like'");
                }
                return new Like(left, (String) pattern.value(), negated, next.position());
            }
            case IS -> {
                advance();
                boolean isNot = peek().kind() == Kind.NOT;
                if (isNot) {
                    advance();
                }
                expect(Kind.NULL, isNot ? "expected 'null' after 'is not'" : "expected 'null' or 'not null' after 'is'");
                return new IsNull(left, isNot, next.position());
            }
            default -> {
                return left;
            }
        }
    }

    // Each operator in a chain such as a + b + c deepens the (left-leaning) tree by one level.
    private FilterAst additive() {
        int entered = depth;
        FilterAst left = multiplicative();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            Token op = advance();
            enter(op);
            left = new Binary(op.kind(), left, multiplicative(), op.position());
        }
        depth = entered;
        return left;
    }

    private FilterAst multiplicative() {
        int entered = depth;
        FilterAst left = power();
        while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH || peek().kind() == Kind.PERCENT) {
            Token op = advance();
            enter(op);
            left = new Binary(op.kind(), left, power(), op.position());
        }
        depth = entered;
        return left;
    }

    private FilterAst power() {
        FilterAst base = unary();
        if (peek().kind() == Kind.POWER) {
            Token op = advance();
            enter(op);
            FilterAst exponent = power();
            depth--;
            return new Binary(Kind.POWER, base, exponent, op.position());
        }
        return base;
    }

    private FilterAst unary() {
        Token next = peek();
        if (next.kind() == Kind.MINUS || next.kind() == Kind.PLUS) {
            advance();
            enter(next);
            FilterAst operand = unary();
            depth--;
            if (next.kind() == Kind.PLUS) {
                return operand;
            }
            if (operand instanceof Literal literal && literal.value() instanceof Long v) {
                return new Literal(-v, next.position());
            }
            if (operand instanceof Literal literal && literal.value() instanceof Double v) {
                return new Literal(-v, next.position());
            }
            return new Unary(Kind.MINUS, operand, next.position());
        }
        return primary();
    }

    private FilterAst primary() {
        Token token = peek();
        switch (token.kind()) {
            case INTEGER, FLOAT, STRING -> {
                advance();
                return new Literal(token.value(), token.position());
            }
            case TRUE, FALSE -> {
                advance();
                return new Literal(token.kind() == Kind.TRUE, token.position());
            }
            case LEFT_BRACKET -> {
                return list();
            }
            case LEFT_PAREN -> {
                advance();
                enter(token);
                FilterAst inner = or();
                depth--;
                expect(Kind.RIGHT_PAREN, "expected ')' to close the '(' at position " + token.position());
                return inner;
            }
            case IDENTIFIER -> {
                advance();
                if (peek().kind() == Kind.LEFT_PAREN) {
                    return call(token);
                }
                return field(token);
            }
            default -> throw error(token, "expected a field, a literal, a list, a function call or '('");
        }
    }

    private FilterAst call(Token name) {
        advance();
        enter(name);
        List<FilterAst> arguments = new ArrayList<>();
        if (peek().kind() != Kind.RIGHT_PAREN) {
            do {
                arguments.add(or());
            } while (accept(Kind.COMMA));
        }
        expect(Kind.RIGHT_PAREN, "expected ',' or ')' in the arguments of " + name.text());
        depth--;
        return new Call(name.text(), arguments, name.position());
    }

    private FilterAst field(Token name) {
        List<Object> path = new ArrayList<>();
        while (peek().kind() == Kind.LEFT_BRACKET) {
            advance();
            Token key = advance();
            if (key.kind() == Kind.STRING || key.kind() == Kind.INTEGER) {
                path.add(key.value());
            } else {
                throw error(key, "expected a quoted key or an integer index inside '[ ]'");
            }
            expect(Kind.RIGHT_BRACKET, "expected ']' after the key");
        }
        return new FieldRef(name.text(), List.copyOf(path), name.position());
    }

    private ListLiteral list() {
        Token open = advance();
        List<Literal> items = new ArrayList<>();
        if (peek().kind() != Kind.RIGHT_BRACKET) {
            do {
                FilterAst item = unary();
                if (!(item instanceof Literal literal)) {
                    throw new FilterException(source, item.position(), "list elements must be literals");
                }
                items.add(literal);
            } while (accept(Kind.COMMA));
        }
        expect(Kind.RIGHT_BRACKET, "expected ',' or ']' in the list opened at position " + open.position());
        return new ListLiteral(List.copyOf(items), open.position());
    }

    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "the expression nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (token.kind() != Kind.END) {
            index++;
        }
        return token;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            advance();
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String problem) {
        Token token = peek();
        if (token.kind() != kind) {
            throw error(token, problem);
        }
        advance();
    }

    private FilterException error(Token at, String problem) {
        return new FilterException(source, at.position(), problem + ", found " + at.describe());
    }
}
