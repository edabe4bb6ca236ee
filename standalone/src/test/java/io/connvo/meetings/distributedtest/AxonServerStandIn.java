package io.connvo.meetings.distributedtest;

import io.axoniq.axonserver.grpc.command.CommandProviderInbound;
import io.axoniq.axonserver.grpc.command.CommandProviderOutbound;
import io.axoniq.axonserver.grpc.command.CommandServiceGrpc;
import io.axoniq.axonserver.grpc.control.ClientIdentification;
import io.axoniq.axonserver.grpc.control.NodeInfo;
import io.axoniq.axonserver.grpc.control.PlatformInboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformInfo;
import io.axoniq.axonserver.grpc.control.PlatformOutboundInstruction;
import io.axoniq.axonserver.grpc.control.PlatformServiceGrpc;
import io.axoniq.axonserver.grpc.event.EventStoreGrpc;
import io.axoniq.axonserver.grpc.event.EventWithToken;
import io.axoniq.axonserver.grpc.event.GetEventsRequest;
import io.axoniq.axonserver.grpc.event.GetFirstTokenRequest;
import io.axoniq.axonserver.grpc.event.GetLastTokenRequest;
import io.axoniq.axonserver.grpc.event.TrackingToken;
import io.axoniq.axonserver.grpc.query.QueryProviderInbound;
import io.axoniq.axonserver.grpc.query.QueryProviderOutbound;
import io.axoniq.axonserver.grpc.query.QueryServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of Axon Server's gRPC protocol, on 127.0.0.1, for the Axon Server connector to connect and for a
 * pooled processor to initialize its tokens: the platform handshake (this server is the one to use), an instruction
 * stream that stays open, an empty event store (first and last token -1) whose event streams stay open and deliver
 * nothing, and handler subscription streams that stay open and route nothing. Every other call answers
 * UNIMPLEMENTED: no command, query or event is ever routed.
 */
final class AxonServerStandIn implements AutoCloseable {

    private final Server server;

    private AxonServerStandIn(Server server) {
        this.server = server;
    }

    static AxonServerStandIn listen(int port) throws IOException {
        return new AxonServerStandIn(NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .addService(new Platform(port))
                .addService(new EmptyEventStore())
                .addService(new NoCommands())
                .addService(new NoQueries())
                .build()
                .start());
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static final class Platform extends PlatformServiceGrpc.PlatformServiceImplBase {

        private final int port;

        Platform(int port) {
            this.port = port;
        }

        @Override
        public void getPlatformServer(ClientIdentification client, StreamObserver<PlatformInfo> answer) {
            answer.onNext(PlatformInfo.newBuilder()
                    .setPrimary(NodeInfo.newBuilder().setNodeName("stand-in").setHostName("127.0.0.1").setGrpcPort(port))
                    .setSameConnection(true)
                    .build());
            answer.onCompleted();
        }

        @Override
        public StreamObserver<PlatformInboundInstruction> openStream(StreamObserver<PlatformOutboundInstruction> out) {
            return new Ignoring<>();
        }
    }

    private static final class EmptyEventStore extends EventStoreGrpc.EventStoreImplBase {

        @Override
        public void getFirstToken(GetFirstTokenRequest request, StreamObserver<TrackingToken> answer) {
            answer.onNext(TrackingToken.newBuilder().setToken(-1).build());
            answer.onCompleted();
        }

        @Override
        public void getLastToken(GetLastTokenRequest request, StreamObserver<TrackingToken> answer) {
            answer.onNext(TrackingToken.newBuilder().setToken(-1).build());
            answer.onCompleted();
        }

        @Override
        public StreamObserver<GetEventsRequest> listEvents(StreamObserver<EventWithToken> events) {
            return new Ignoring<>();
        }
    }

    private static final class NoCommands extends CommandServiceGrpc.CommandServiceImplBase {

        @Override
        public StreamObserver<CommandProviderOutbound> openStream(StreamObserver<CommandProviderInbound> commands) {
            return new Ignoring<>();
        }
    }

    private static final class NoQueries extends QueryServiceGrpc.QueryServiceImplBase {

        @Override
        public StreamObserver<QueryProviderOutbound> openStream(StreamObserver<QueryProviderInbound> queries) {
            return new Ignoring<>();
        }
    }

    /** A client stream the stand-in keeps open without ever answering. */
    private static final class Ignoring<T> implements StreamObserver<T> {

        @Override
        public void onNext(T value) {
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
