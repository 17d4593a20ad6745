package dev.waybill.support.agents;

import dev.waybill.notifications.email.EmailSender;
import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.KeyHashing;
import dev.waybill.stores.StoreDirectory;
import dev.waybill.support.agents.AgentRequests.AddAgent;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * How people join a store's team: an admin invites an email address, and only the person who reads
 * that mailbox can accept, by setting a password for a new account or confirming the password of
 * the account they have. Nothing an admin does here reveals whether the address has an account or
 * belongs to other stores. Links are single use, expire, and are stored only as a SHA-256 hash.
 */
@ApplicationScoped
public class Invitations {

  /** Long enough that guessing is hopeless: 62^43 is more than 2^256. */
  private static final int TOKEN_LENGTH = 43;

  /** Where an invitation link leads. */
  public static final String PATH = "/console/invitations/";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance invitationEmail(
        String storeName, String name, String link, String expires);

    static native TemplateInstance invitationText(
        String storeName, String name, String link, String expires);
  }

  /** What an invitation link finds. */
  public enum State {
    /** Waiting for the person. */
    OPEN,
    /** Past its expiry: an admin has to send a new one. */
    EXPIRED,
    /** Already accepted. */
    USED,
    /** Unknown, revoked, or replaced by a newer link. */
    INVALID
  }

  /**
   * An invitation as its link shows it to the person invited.
   *
   * @param accountExists whether the invited email already has a console account, which then
   *     confirms with its password instead of choosing one
   */
  public record Invited(
      State state, String email, String name, String storeName, boolean accountExists) {}

  private final Pool pool;
  private final Agents agents;
  private final StoreDirectory stores;
  private final EmailSender email;
  private final AgentsConfig config;
  private final Clock clock;

  public Invitations(
      Pool pool,
      Agents agents,
      StoreDirectory stores,
      EmailSender email,
      AgentsConfig config,
      Clock clock) {
    this.pool = pool;
    this.agents = agents;
    this.stores = stores;
    this.email = email;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Invites the person to the store's team and emails them the link. Inviting an email with an open
   * invitation sends a fresh link and retires the old one. The answer is the same whether or not
   * the address has an account or belongs to other stores: only this store's own team is looked at.
   */
  public Uni<InvitationView> invite(UUID storeId, AddAgent request) {
    if (request.password() != null) {
      return Uni.createFrom()
          .failure(
              new Problems.Invalid(
                  "password",
                  "is chosen by the person invited, through the link they are emailed"));
    }
    String address = request.email().trim().toLowerCase(Locale.ROOT);
    AgentRole role = request.role() == null ? AgentRole.AGENT : request.role();
    String token = KeyHashing.randomToken(TOKEN_LENGTH);
    OffsetDateTime now = now();
    return pool.preparedQuery(
            """
                SELECT 1
                FROM agent_stores s
                JOIN agents a ON a.id = s.agent_id
                WHERE s.store_id = $1 AND lower(a.email) = $2
                """)
        .execute(Tuple.of(storeId, address))
        .invoke(
            rows -> {
              if (rows.size() > 0) {
                throw new Problems.Conflict(
                    "agent-exists", "This person is already in the store's team");
              }
            })
        .chain(
            () ->
                pool.preparedQuery(
                        """
                            INSERT INTO agent_invitations
                                (id, store_id, email, name, role, token_hash, created_at, sent_at,
                                 expires_at)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)
                            ON CONFLICT (store_id, lower(email))
                                WHERE accepted_at IS NULL AND revoked_at IS NULL
                            DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role,
                                token_hash = EXCLUDED.token_hash, sent_at = EXCLUDED.sent_at,
                                expires_at = EXCLUDED.expires_at
                            RETURNING id, email, name, role, created_at, sent_at, expires_at
                            """)
                    .execute(
                        Tuple.from(
                            List.of(
                                UUID.randomUUID(),
                                storeId,
                                address,
                                request.name().trim(),
                                role.name(),
                                KeyHashing.sha256Hex(token),
                                now,
                                now.plus(config.invitationTtl())))))
        .map(rows -> view(rows.iterator().next()))
        .call(view -> send(storeId, view, token));
  }

  /** The store's invitations nobody has accepted yet, expired ones included. */
  public Uni<List<InvitationView>> pending(UUID storeId) {
    return pool.preparedQuery(
            """
                SELECT id, email, name, role, created_at, sent_at, expires_at
                FROM agent_invitations
                WHERE store_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
                ORDER BY lower(email)
                """)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              List<InvitationView> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(view(r));
              }
              return out;
            });
  }

  /** Sends the invitation again with a new link and a new expiry; the old link stops working. */
  public Uni<InvitationView> resend(UUID storeId, UUID invitationId) {
    String token = KeyHashing.randomToken(TOKEN_LENGTH);
    OffsetDateTime now = now();
    return pool.preparedQuery(
            """
                UPDATE agent_invitations
                SET token_hash = $3, sent_at = $4, expires_at = $5
                WHERE id = $1 AND store_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL
                RETURNING id, email, name, role, created_at, sent_at, expires_at
                """)
        .execute(
            Tuple.of(
                invitationId,
                storeId,
                KeyHashing.sha256Hex(token),
                now,
                now.plus(config.invitationTtl())))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                throw new Problems.NotFound(
                    "No open invitation " + invitationId + " in this store");
              }
              return view(rows.iterator().next());
            })
        .call(view -> send(storeId, view, token));
  }

  /** Withdraws an open invitation: its link stops working at once. */
  public Uni<Void> revoke(UUID storeId, UUID invitationId) {
    return pool.preparedQuery(
            """
                UPDATE agent_invitations
                SET revoked_at = $3
                WHERE id = $1 AND store_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL
                """)
        .execute(Tuple.of(invitationId, storeId, now()))
        .invoke(
            rows -> {
              if (rows.rowCount() == 0) {
                throw new Problems.NotFound(
                    "No open invitation " + invitationId + " in this store");
              }
            })
        .replaceWithVoid();
  }

  /** What the link with this token shows. */
  public Uni<Invited> lookup(String token) {
    return find(token)
        .chain(
            found -> {
              if (found == null) {
                return Uni.createFrom().item(new Invited(State.INVALID, null, null, null, false));
              }
              return stores
                  .profile(found.storeId())
                  .chain(
                      store ->
                          account(found.email())
                              .map(
                                  account ->
                                      new Invited(
                                          state(found),
                                          found.email(),
                                          found.name(),
                                          store.name(),
                                          account != null)));
            });
  }

  /** Why an invitation could not be accepted; the page says so and changes nothing. */
  public static final class Refused extends RuntimeException {
    private final State state;

    Refused(State state, String message) {
      super(message, null, false, false);
      this.state = state;
    }

    /** The link's state, or OPEN when the link is fine but the form was not. */
    public State state() {
      return state;
    }
  }

  /**
   * Accepts the invitation. A new person sets their password (the same rules as ever: 12 to 200
   * characters); a person with an account proves it is theirs with its password, and keeps it.
   * Either way they join the store with the role they were invited with. Fails with {@link
   * Refused}.
   */
  public Uni<String> accept(String token, String password, String confirmation) {
    return find(token)
        .chain(
            found -> {
              if (found == null) {
                throw new Refused(State.INVALID, "This invitation link is not valid.");
              }
              State state = state(found);
              if (state != State.OPEN) {
                throw new Refused(state, "This invitation can no longer be accepted.");
              }
              return account(found.email())
                  .chain(
                      account ->
                          account == null
                              ? newAccount(found, password, confirmation)
                              : existingAccount(found, account, password));
            })
        .chain(this::join);
  }

  /** Whose account joins, and the hash of a new account's password. */
  private record Joining(Pending invitation, UUID accountId, String newPasswordHash) {}

  private Uni<Joining> newAccount(Pending invitation, String password, String confirmation) {
    if (password == null || password.length() < 12 || password.length() > 200) {
      throw new Refused(State.OPEN, "Choose a password of 12 to 200 characters.");
    }
    if (!password.equals(confirmation)) {
      throw new Refused(State.OPEN, "The two passwords differ.");
    }
    // Hashing is slow on purpose; keep it off the event loop.
    return Uni.createFrom()
        .item(() -> PasswordHashing.hash(password))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .map(hash -> new Joining(invitation, null, hash));
  }

  private Uni<Joining> existingAccount(
      Pending invitation, Agents.Account account, String password) {
    if (password == null || password.isEmpty()) {
      throw new Refused(State.OPEN, "Enter the password of your console account.");
    }
    return Uni.createFrom()
        .item(() -> PasswordHashing.matches(password, account.passwordHash()))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .map(
            matches -> {
              if (!matches) {
                throw new Refused(State.OPEN, "That is not the password of your console account.");
              }
              return new Joining(invitation, account.id(), null);
            });
  }

  /** Uses the invitation up and adds the membership, at most once however often it is posted. */
  private Uni<String> join(Joining joining) {
    Pending inv = joining.invitation();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        """
                            UPDATE agent_invitations
                            SET accepted_at = $3
                            WHERE id = $1 AND token_hash = $2 AND accepted_at IS NULL
                                AND revoked_at IS NULL AND expires_at > $3
                            """)
                    .execute(Tuple.of(inv.id(), inv.tokenHash(), now()))
                    .chain(
                        rows -> {
                          if (rows.rowCount() == 0) {
                            // Accepted, revoked or re-sent since the page was read.
                            throw new Refused(
                                State.INVALID, "This invitation can no longer be accepted.");
                          }
                          return joining.accountId() != null
                              ? Uni.createFrom().item(joining.accountId())
                              : create(conn, inv, joining.newPasswordHash());
                        })
                    .chain(
                        accountId ->
                            conn.preparedQuery(
                                    """
                                        INSERT INTO agent_stores (agent_id, store_id, role)
                                        VALUES ($1, $2, $3)
                                        ON CONFLICT DO NOTHING
                                        """)
                                .execute(Tuple.of(accountId, inv.storeId(), inv.role().name()))))
        .chain(() -> stores.profile(inv.storeId()))
        .map(store -> store.name());
  }

  private Uni<UUID> create(SqlConnection conn, Pending inv, String hash) {
    return conn.preparedQuery(
            """
                INSERT INTO agents (id, email, name, password_hash, role)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT DO NOTHING
                RETURNING id
                """)
        .execute(Tuple.of(UUID.randomUUID(), inv.email(), inv.name(), hash, inv.role().name()))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                // The address got an account since the page was read: it has to confirm instead.
                throw new Refused(
                    State.OPEN,
                    "An account with this email exists now. Reload the page and sign in with it.");
              }
              return rows.iterator().next().getUUID("id");
            });
  }

  /** An account with the email, disabled ones included: those must not be joined or replaced. */
  private Uni<Agents.Account> account(String address) {
    return agents
        .find(address)
        .chain(
            active -> {
              if (active != null) {
                return Uni.createFrom().item(active);
              }
              return pool.preparedQuery("SELECT 1 FROM agents WHERE lower(email) = $1")
                  .execute(Tuple.of(address))
                  .map(
                      rows -> {
                        if (rows.size() > 0) {
                          throw new Refused(
                              State.INVALID, "This invitation can no longer be accepted.");
                        }
                        return null;
                      });
            });
  }

  private record Pending(
      UUID id,
      UUID storeId,
      String email,
      String name,
      AgentRole role,
      String tokenHash,
      OffsetDateTime expiresAt,
      OffsetDateTime acceptedAt) {}

  /** The invitation whose current link carries this token, or a null item. */
  private Uni<Pending> find(String token) {
    if (token == null || !token.matches("[A-Za-z0-9]{" + TOKEN_LENGTH + "}")) {
      return Uni.createFrom().nullItem();
    }
    return pool.preparedQuery(
            """
                SELECT id, store_id, email, name, role, token_hash, expires_at, accepted_at
                FROM agent_invitations
                WHERE token_hash = $1 AND revoked_at IS NULL
                """)
        .execute(Tuple.of(KeyHashing.sha256Hex(token)))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Pending(
                  r.getUUID("id"),
                  r.getUUID("store_id"),
                  r.getString("email"),
                  r.getString("name"),
                  AgentRole.valueOf(r.getString("role")),
                  r.getString("token_hash"),
                  r.getOffsetDateTime("expires_at"),
                  r.getOffsetDateTime("accepted_at"));
            });
  }

  private State state(Pending p) {
    if (p.acceptedAt() != null) {
      return State.USED;
    }
    return p.expiresAt().isAfter(now()) ? State.OPEN : State.EXPIRED;
  }

  private Uni<Void> send(UUID storeId, InvitationView view, String token) {
    String link = config.publicBaseUrl().replaceAll("/+$", "") + PATH + token;
    return stores
        .profile(storeId)
        .chain(
            store ->
                email.sendAccountEmail(
                    view.email(),
                    "You're invited to " + store.name() + "'s support console",
                    Templates.invitationEmail(store.name(), view.name(), link, expires(view))
                        .render(),
                    Templates.invitationText(store.name(), view.name(), link, expires(view))
                        .render()))
        .onFailure()
        .transform(
            e -> {
              Log.warnf("An invitation email could not be sent: %s", e.toString());
              return new Problems.Unavailable(
                  "The invitation is saved but its email could not be sent; re-send it shortly",
                  60);
            });
  }

  private static String expires(InvitationView view) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
        .format(view.expiresAt().withOffsetSameInstant(ZoneOffset.UTC));
  }

  private InvitationView view(Row r) {
    OffsetDateTime expires = r.getOffsetDateTime("expires_at");
    return new InvitationView(
        r.getUUID("id"),
        r.getString("email"),
        r.getString("name"),
        AgentRole.valueOf(r.getString("role")),
        expires.isAfter(now()) ? InvitationView.Status.PENDING : InvitationView.Status.EXPIRED,
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("sent_at"),
        expires);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
