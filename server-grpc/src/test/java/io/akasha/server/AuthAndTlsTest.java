package io.akasha.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.akasha.core.Akasha;
import io.akasha.server.auth.Role;
import io.akasha.server.auth.Tokens;
import io.akasha.server.auth.User;
import io.akasha.server.v1.CollectionName;
import io.akasha.server.v1.CollectionsGrpc;
import io.akasha.server.v1.CreateCollectionRequest;
import io.akasha.server.v1.IndexName;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.ListCollectionsRequest;
import io.akasha.server.v1.QueryRequest;
import io.akasha.server.v1.WriteRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/**
 * Bearer tokens with users and roles, over TLS: no token and a wrong token are UNAUTHENTICATED, a
 * reader writing and a writer creating a collection are PERMISSION_DENIED and change nothing,
 * each user lists only what it may read; and the configuration file with environment overrides.
 */
class AuthAndTlsTest {

    @TempDir
    Path dir;

    private static <S extends AbstractStub<S>> S as(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as PEM files. */
    private ServerConfig.Tls certificate() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "secret".toCharArray());
        }
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(keys.getCertificate("server")
                .getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(keys.getKey("server",
                "secret".toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return new ServerConfig.Tls(cert.toString(), key.toString());
    }

    @Test
    void tokensRolesAndTls() throws Exception {
        String admin = Tokens.generate();
        String writer = Tokens.generate();
        String reader = Tokens.generate();
        List<User> users = List.of(
                new User("admin", Tokens.sha256(admin), List.of(new User.Grant(Role.ADMIN, "*"))),
                new User("writer", Tokens.sha256(writer), List.of(new User.Grant(Role.WRITE, "books"))),
                new User("reader", Tokens.sha256(reader), List.of(new User.Grant(Role.READ, "books"))));
        ServerConfig.Tls tls = certificate();
        ServerConfig config = new ServerConfig("data", "127.0.0.1", 0, 1024, 64, -1, tls, users);
        try (Akasha engine = Akasha.open(dir.resolve("data"))) {
            AkashaServer server = AkashaServer.start(engine, config);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .sslContext(GrpcSslContexts.forClient().trustManager(Path.of(tls.cert()).toFile()).build()).build();
            try {
                CollectionsGrpc.CollectionsBlockingStub anonymous = CollectionsGrpc.newBlockingStub(channel);
                assertEquals(Status.Code.UNAUTHENTICATED, code(() -> anonymous.listCollections(
                        ListCollectionsRequest.getDefaultInstance())));
                assertEquals(Status.Code.UNAUTHENTICATED, code(() -> as(anonymous, "not-a-token").listCollections(
                        ListCollectionsRequest.getDefaultInstance())));

                CreateCollectionRequest books = CreateCollectionRequest.newBuilder().setCollection("books")
                        .setSchema(ServerEndToEndTest.schema()).build();
                assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(anonymous, writer).createCollection(books)));
                as(anonymous, admin).createCollection(books);
                as(anonymous, admin).createCollection(books.toBuilder().setCollection("secrets").build());

                DataGrpc.DataBlockingStub data = DataGrpc.newBlockingStub(channel);
                WriteRequest insert = WriteRequest.newBuilder().setCollection("books")
                        .setRows(ServerEndToEndTest.rows(0, 10)).build();
                StatusRuntimeException denied = assertThrows(StatusRuntimeException.class,
                        () -> as(data, reader).insert(insert));
                assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
                assertTrue(denied.getStatus().getDescription().contains("'reader'")
                        && denied.getStatus().getDescription().contains("WRITE"), denied.getStatus().getDescription());
                as(data, writer).insert(insert);
                assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(data, writer).insert(
                        insert.toBuilder().setCollection("secrets").build())));
                assertEquals(10L, as(data, reader).query(QueryRequest.newBuilder().setCollection("books")
                        .addOutputFields("count(*)").build()).getRows().getColumns(0).getInt64Values().getValues(0));
                assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(data, reader).query(
                        QueryRequest.newBuilder().setCollection("secrets").addOutputFields("count(*)").build())));
                assertEquals(List.of("books"), as(anonymous, reader).listCollections(
                        ListCollectionsRequest.getDefaultInstance()).getCollectionsList());
                assertEquals(List.of("books", "secrets"), as(anonymous, admin).listCollections(
                        ListCollectionsRequest.getDefaultInstance()).getCollectionsList());
                IndexName vectorIndex = IndexName.newBuilder().setCollection("books").setField("v").build();
                assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(anonymous, writer).dropIndex(vectorIndex)));
                assertEquals("AUTOINDEX", as(anonymous, reader).describeIndex(vectorIndex).getIndex().getType());
                assertEquals(10, as(anonymous, admin).getCollectionStats(CollectionName.newBuilder()
                        .setCollection("books").build()).getRows(), "the refused insert changed nothing");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                server.close();
            }
        }
    }

    @Test
    void configurationFileThenEnvironment() throws Exception {
        Path file = dir.resolve("akasha.yaml");
        String token = Tokens.generate();
        Files.writeString(file, """
                data_dir: /srv/akasha
                port: 7800
                users:
                  - name: alice
                    token_sha256: %s
                    grants: [{role: WRITE, collection: books}]
                """.formatted(Tokens.sha256(token)));
        ServerConfig config = ServerConfig.load(file, Map.of("AKASHA_PORT", "7900", "AKASHA_HOST", "0.0.0.0"));
        assertEquals("/srv/akasha", config.dataDir());
        assertEquals(7900, config.port(), "the environment overrides the file");
        assertEquals("0.0.0.0", config.host());
        assertEquals(64, config.maxMessageMb(), "defaults fill the rest");
        assertTrue(config.users().getFirst().allows(Role.READ, "books"));
        assertTrue(!config.users().getFirst().allows(Role.READ, "other"));

        Files.writeString(file, "prot: 7800\n");
        java.io.IOException typo = assertThrows(java.io.IOException.class, () -> ServerConfig.load(file, Map.of()));
        assertTrue(typo.getMessage().contains("prot"), typo.getMessage());
        java.io.IOException badPort = assertThrows(java.io.IOException.class,
                () -> ServerConfig.load(null, Map.of("AKASHA_PORT", "seventy")));
        assertTrue(badPort.getMessage().contains("AKASHA_PORT"), badPort.getMessage());
    }
}
