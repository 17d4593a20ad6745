package dev.waybill.support.agents;

import dev.waybill.platform.errors.Problems;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Console accounts and the stores each may see. */
@ApplicationScoped
public class Agents {

  /** An account as the login needs it. */
  record Account(UUID id, String email, String name, AgentRole role, String passwordHash) {}

  private final Pool pool;

  public Agents(Pool pool) {
    this.pool = pool;
  }

  /**
   * Creates an account with a known password and gives it the store, for the dev-mode demo store
   * only. An account that already has the email is left as it is and gains nothing: people join
   * stores through {@link Invitations}, which only the mailbox's owner can accept.
   */
  public Uni<Void> seed(UUID storeId, String email, String name, String password, AgentRole role) {
    String address = email.trim().toLowerCase(Locale.ROOT);
    // Hashing is slow on purpose; keep it off the event loop.
    return Uni.createFrom()
        .item(() -> PasswordHashing.hash(password))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .chain(
            hash ->
                pool.preparedQuery(
                        """
                            INSERT INTO agents (id, email, name, password_hash, role)
                            VALUES ($1, $2, $3, $4, $5)
                            ON CONFLICT DO NOTHING
                            RETURNING id
                            """)
                    .execute(Tuple.of(UUID.randomUUID(), address, name, hash, role.name())))
        .chain(
            rows ->
                !rows.iterator().hasNext()
                    ? Uni.createFrom().voidItem()
                    : pool.preparedQuery(
                            """
                                INSERT INTO agent_stores (agent_id, store_id, role)
                                VALUES ($1, $2, $3)
                                ON CONFLICT DO NOTHING
                                """)
                        .execute(
                            Tuple.of(rows.iterator().next().getUUID("id"), storeId, role.name()))
                        .replaceWithVoid());
  }

  public Uni<List<AgentView>> list(UUID storeId) {
    return pool.preparedQuery(
            """
                SELECT a.id, a.email, a.name, s.role, a.created_at
                FROM agents a
                JOIN agent_stores s ON s.agent_id = a.id
                WHERE s.store_id = $1 AND a.disabled_at IS NULL AND s.disabled_at IS
                    NULL
                ORDER BY a.email
                """)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              List<AgentView> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(view(r));
              }
              return out;
            });
  }

  /** Everyone with a place in the store's team, disabled ones included, for its admins. */
  public Uni<List<TeamMember>> team(UUID storeId) {
    return pool.preparedQuery(
            """
                SELECT a.id, a.email, a.name, s.role,
                    s.disabled_at IS NOT NULL AS disabled
                FROM agents a
                JOIN agent_stores s ON s.agent_id = a.id
                WHERE s.store_id = $1 AND a.disabled_at IS NULL
                ORDER BY s.disabled_at IS NOT NULL, a.email
                """)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              List<TeamMember> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new TeamMember(
                        r.getUUID("id"),
                        r.getString("email"),
                        r.getString("name"),
                        AgentRole.valueOf(r.getString("role")),
                        r.getBoolean("disabled")));
              }
              return out;
            });
  }

  /** Changes what the agent may do in this store; their other stores keep their own role. */
  public Uni<Void> changeRole(UUID storeId, UUID agentId, AgentRole role) {
    return pool.preparedQuery(
            """
                UPDATE agent_stores
                SET role = $3
                WHERE agent_id = $1 AND store_id = $2
                """)
        .execute(Tuple.of(agentId, storeId, role.name()))
        .invoke(rows -> found(rows.rowCount()))
        .replaceWithVoid();
  }

  /**
   * Stops or restores the agent's access to this store. A disabled agent keeps their place in the
   * team, so re-enabling restores their role; their next request is refused at once.
   */
  public Uni<Void> enable(UUID storeId, UUID agentId, boolean enabled) {
    return pool.preparedQuery(
            """
                UPDATE agent_stores
                SET disabled_at = CASE WHEN $3 THEN NULL ELSE COALESCE(disabled_at,
                    now()) END
                WHERE agent_id = $1 AND store_id = $2
                """)
        .execute(Tuple.of(agentId, storeId, enabled))
        .invoke(rows -> found(rows.rowCount()))
        .replaceWithVoid();
  }

  private static void found(int rows) {
    if (rows == 0) {
      throw new Problems.NotFound("No such agent in this store");
    }
  }

  /** Takes the store away from the agent; their account and other stores stay. */
  public Uni<Void> remove(UUID storeId, UUID agentId) {
    return pool.preparedQuery(
            """
        DELETE FROM agent_stores
        WHERE agent_id = $1 AND store_id = $2
        """)
        .execute(Tuple.of(agentId, storeId))
        .invoke(
            rows -> {
              if (rows.rowCount() == 0) {
                throw new Problems.NotFound("No such agent in this store");
              }
            })
        .replaceWithVoid();
  }

  /** The stores the agent may see, by name. */
  public Uni<List<ConsoleStore>> stores(String email) {
    return pool.preparedQuery(
            """
                SELECT st.id, st.slug, st.name, s.role
                FROM agents a
                JOIN agent_stores s ON s.agent_id = a.id
                JOIN stores st ON st.id = s.store_id
                WHERE lower(a.email) = $1 AND a.disabled_at IS NULL AND s.disabled_at IS
                    NULL
                ORDER BY st.name
                """)
        .execute(Tuple.of(email.toLowerCase(Locale.ROOT)))
        .map(
            rows -> {
              List<ConsoleStore> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new ConsoleStore(
                        r.getUUID("id"),
                        r.getString("slug"),
                        r.getString("name"),
                        AgentRole.valueOf(r.getString("role"))));
              }
              return out;
            });
  }

  /** The active account with this email, or a null item. */
  Uni<Account> find(String email) {
    return pool.preparedQuery(
            """
                SELECT id, email, name, role, password_hash
                FROM agents
                WHERE lower(email) = $1 AND disabled_at IS NULL
                """)
        .execute(Tuple.of(email.trim().toLowerCase(Locale.ROOT)))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Account(
                  r.getUUID("id"),
                  r.getString("email"),
                  r.getString("name"),
                  AgentRole.valueOf(r.getString("role")),
                  r.getString("password_hash"));
            });
  }

  private static AgentView view(Row r) {
    return new AgentView(
        r.getUUID("id"),
        r.getString("email"),
        r.getString("name"),
        AgentRole.valueOf(r.getString("role")),
        r.getOffsetDateTime("created_at"));
  }
}
