package io.akasha.server.auth;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Bearer-token authentication and per-collection authorization for the API's services.
 *
 * <p>Every call must carry {@code authorization: Bearer <token>}; the token's SHA-256 must be a
 * configured user's (UNAUTHENTICATED otherwise). Each method needs a {@link Role} on the
 * collection its request names ({@link #REQUIRED}); each request message is checked as it
 * arrives (every message of a stream), and a request the user may not make ends the call with
 * PERMISSION_DENIED before the service sees it. The user is in {@link #USER} during the call.
 */
public final class AuthInterceptor implements ServerInterceptor {

    /** The authenticated user of the current call. */
    public static final Context.Key<User> USER = Context.key("akasha-user");

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    /** The role each method needs on its request's collection; methods not listed need only a valid token. */
    static final Map<String, Role> REQUIRED = Map.ofEntries(
            Map.entry("akasha.v1.Collections/CreateCollection", Role.ADMIN),
            Map.entry("akasha.v1.Collections/DropCollection", Role.ADMIN),
            Map.entry("akasha.v1.Collections/CreatePartition", Role.ADMIN),
            Map.entry("akasha.v1.Collections/DropPartition", Role.ADMIN),
            Map.entry("akasha.v1.Collections/CreateScalarIndex", Role.ADMIN),
            Map.entry("akasha.v1.Collections/CreateIndex", Role.ADMIN),
            Map.entry("akasha.v1.Collections/DropIndex", Role.ADMIN),
            Map.entry("akasha.v1.Collections/DescribeIndex", Role.READ),
            Map.entry("akasha.v1.Collections/Flush", Role.WRITE),
            Map.entry("akasha.v1.Collections/DescribeCollection", Role.READ),
            Map.entry("akasha.v1.Collections/GetCollectionStats", Role.READ),
            Map.entry("akasha.v1.Data/Insert", Role.WRITE),
            Map.entry("akasha.v1.Data/Upsert", Role.WRITE),
            Map.entry("akasha.v1.Data/BulkInsert", Role.WRITE),
            Map.entry("akasha.v1.Data/Delete", Role.WRITE),
            Map.entry("akasha.v1.Data/Get", Role.READ),
            Map.entry("akasha.v1.Data/Query", Role.READ),
            Map.entry("akasha.v1.Data/Search", Role.READ));

    private final Map<String, User> usersByTokenHash;

    public AuthInterceptor(List<User> users) {
        this.usersByTokenHash = users.stream().collect(Collectors.toMap(User::tokenSha256, Function.identity()));
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        String header = headers.get(AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(
                    "no bearer token: send the header 'authorization: Bearer <token>'"));
        }
        User user = usersByTokenHash.get(Tokens.sha256(header.substring(BEARER.length()).strip()));
        if (user == null) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("the bearer token is not valid"));
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        Role needed = REQUIRED.get(method);
        ServerCall.Listener<Q> delegate = Contexts.interceptCall(Context.current().withValue(USER, user), call,
                headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean denied;

            @Override
            public void onMessage(Q message) {
                if (denied) {
                    return;
                }
                String collection = collectionOf(message);
                if (needed != null && !user.allows(needed, collection)) {
                    denied = true;
                    call.close(Status.PERMISSION_DENIED.withDescription("user '" + user.name() + "' may not call "
                            + method + " on collection '" + collection + "': it needs the " + needed
                            + " role there"), new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!denied) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                if (!denied) {
                    super.onReady();
                }
            }
        };
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** The request's {@code collection} field, or null if its message has none. */
    private static String collectionOf(Object message) {
        if (message instanceof Message request) {
            Descriptors.FieldDescriptor field = request.getDescriptorForType().findFieldByName("collection");
            if (field != null && field.getJavaType() == Descriptors.FieldDescriptor.JavaType.STRING) {
                return (String) request.getField(field);
            }
        }
        return null;
    }
}
