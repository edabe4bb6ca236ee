package io.connvo.meetings.gateway.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connvo.meetings.api.event.MeetingCreated;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * The upcast path, shown on a made-up revision "0" of {@link MeetingCreated} that named the cap
 * {@code participantCap} and had no {@code recordingEnabled} (every GetStream meeting could record then).
 * Registered as a Spring bean, it joins the upcaster chain the JDBC event store reads through; a real upcaster
 * would live beside the serializers in meeting-platform the same way.
 */
class MeetingCreatedRevision0Upcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_0 = new SimpleSerializedType(MeetingCreated.class.getName(), "0");
    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(MeetingCreated.class.getName(), "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_0.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_1, ObjectNode.class, payload -> {
            payload.set("maxParticipants", payload.remove("participantCap"));
            payload.put("recordingEnabled", "getstream".equals(payload.path("videoProvider").asText()));
            return payload;
        });
    }
}
