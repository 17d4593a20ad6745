package dev.waybill.support.agents;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Agent")
public record AgentView(
    UUID id, String email, String name, AgentRole role, OffsetDateTime createdAt) {}
