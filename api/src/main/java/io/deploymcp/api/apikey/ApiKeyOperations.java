package io.deploymcp.api.apikey;

import io.deploymcp.api.auth.ApiKeyRepository;
import io.deploymcp.api.auth.ApiKeys;
import io.deploymcp.api.auth.Caller;
import io.deploymcp.api.auth.KeyListing;
import io.deploymcp.api.auth.KeyRestriction;
import io.deploymcp.api.auth.Scope;
import io.deploymcp.api.db.Database;
import io.deploymcp.api.problem.ApiProblem;
import io.deploymcp.api.problem.ProblemCode;
import io.deploymcp.api.project.ProjectRepository;
import io.deploymcp.api.validation.FieldChecks;
import io.deploymcp.api.validation.ProjectName;
import io.deploymcp.api.validation.ReservedNames;
import io.deploymcp.api.validation.ServiceName;
import io.deploymcp.api.validation.ValidationException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Create, list and revoke API keys of the caller's tenant. */
@Singleton
public class ApiKeyOperations {
  private static final int MAX_NAME = 100;
  /** At most this many service names in a key's restriction. */
  public static final int MAX_SERVICES = 100;

  private final Database db;
  private final ApiKeyRepository keys;
  private final ProjectRepository projects;
  private final ReservedNames reserved;

  public ApiKeyOperations(Database db, ApiKeyRepository keys, ProjectRepository projects, ReservedNames reserved) {
    this.db = db;
    this.keys = keys;
    this.projects = projects;
    this.reserved = reserved;
  }

  public CreatedApiKey create(Caller caller, CreateApiKeyRequest request) {
    // A restricted admin key could otherwise mint itself an unrestricted one.
    caller.restriction().requireUnrestricted("Managing API keys");
    CreateApiKeyRequest r = request == null ? new CreateApiKeyRequest(null, null, null) : request;
    FieldChecks checks = new FieldChecks();
    String name = r.name() == null ? "" : r.name();
    if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      checks.fail(new ValidationException(ProblemCode.INVALID_FIELD, "name", "name must be at most 100 printable characters"));
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String raw : r.scopes() == null ? List.of("read", "deploy") : r.scopes()) {
      Scope.fromWireName(raw)
          .ifPresentOrElse(
              scopes::add,
              () -> checks.fail(
                  new ValidationException(ProblemCode.INVALID_SCOPE, "scopes", "unknown scope '" + raw + "'")));
    }
    if (r.scopes() != null && r.scopes().isEmpty()) {
      checks.fail(new ValidationException(ProblemCode.INVALID_SCOPE, "scopes", "scopes must not be empty"));
    }
    if (r.expiresAt() != null && !r.expiresAt().isAfter(Instant.now())) {
      checks.fail(new ValidationException(ProblemCode.INVALID_FIELD, "expires_at", "expires_at must be in the future"));
    }
    List<String> services = r.services() == null ? null : serviceNames(r.services(), checks);
    String project = null;
    if (r.project() != null) {
      project = checks.check(() -> projectName(r.project()));
    }
    checks.throwIfInvalid();
    if (project != null && !projects.exists(caller.tenantId(), project)) {
      throw new ValidationException(
          ProblemCode.INVALID_RESTRICTION, "project", "project '" + project + "' does not exist",
          "Restrict keys to an existing project (GET /v1/projects); a project is created with its first service.");
    }
    KeyRestriction restriction = new KeyRestriction(services, project);

    String key = ApiKeys.generate();
    UUID id = UUID.randomUUID();
    String prefix = ApiKeys.prefixOf(key);
    Instant expiresAt = r.expiresAt() == null ? null : r.expiresAt().truncatedTo(ChronoUnit.MICROS);
    boolean inserted =
        db.transaction(
            c -> keys.insert(c, id, caller.tenantId(), name, prefix, ApiKeys.hash(key), scopes, restriction, expiresAt));
    if (!inserted) {
      // A prefix collision (1 in 36^8 per pair of keys): the caller simply retries.
      throw new ApiProblem(ProblemCode.INTERNAL_ERROR, "Key generation collided; retry");
    }
    return new CreatedApiKey(
        id, name, prefix, key, scopes.stream().map(Scope::wireName).toList(), services, project, expiresAt, Instant.now(),
        "Store the key now: it is shown only in this response.");
  }

  public List<ApiKeyView> list(Caller caller) {
    caller.restriction().requireUnrestricted("Managing API keys");
    return keys.list(caller.tenantId()).stream().map(ApiKeyOperations::view).toList();
  }

  public void revoke(Caller caller, String id) {
    caller.restriction().requireUnrestricted("Managing API keys");
    UUID keyId;
    try {
      keyId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("API key");
    }
    if (!keys.revoke(caller.tenantId(), keyId)) {
      throw ApiProblem.notFound("API key " + keyId);
    }
  }

  /** Valid, not reserved, distinct service names, 1 to {@link #MAX_SERVICES} of them, sorted. */
  private List<String> serviceNames(List<String> raw, FieldChecks checks) {
    if (raw.isEmpty() || raw.size() > MAX_SERVICES) {
      checks.fail(
          new ValidationException(
              ProblemCode.INVALID_RESTRICTION, "services",
              "services must list 1-" + MAX_SERVICES + " service names (got " + raw.size() + ")",
              "Omit services for a key that reaches every service."));
      return null;
    }
    TreeSet<String> names = new TreeSet<>();
    for (String name : raw) {
      try {
        names.add(ServiceName.parse(name, reserved).value());
      } catch (ValidationException e) {
        checks.fail(new ValidationException(ProblemCode.INVALID_RESTRICTION, "services", e.getMessage()));
      }
    }
    return List.copyOf(names);
  }

  private static String projectName(String raw) {
    try {
      return new ProjectName(raw).value();
    } catch (ValidationException e) {
      throw new ValidationException(ProblemCode.INVALID_RESTRICTION, "project", e.getMessage());
    }
  }

  private static ApiKeyView view(KeyListing k) {
    return new ApiKeyView(
        k.id(), k.name(), k.prefix(), k.scopes().stream().map(Scope::wireName).toList(),
        k.restriction().services(), k.restriction().project(), k.expiresAt(), k.lastUsedAt(), k.revokedAt(), k.createdAt());
  }
}
