package dev.tollgate.admin;

import dev.tollgate.config.ApiRules;
import dev.tollgate.config.Problem;
import dev.tollgate.store.Api;
import dev.tollgate.store.ApiStore;
import java.util.List;
import java.util.Optional;

/** Registering APIs: the audiences tokens can be requested for, with their scopes and token settings. */
public final class Apis {
    private final ApiStore store;

    public Apis(ApiStore store) {
        this.store = store;
    }

    /** Registers a new API; one with this identifier must not exist. */
    public Api add(Api api) {
        validate(api);
        refuseBuiltIn(api.identifier());
        if (store.find(api.identifier()).isPresent()) {
            throw new AdminException.Conflict("API '" + api.identifier() + "' already exists");
        }
        store.save(api);
        return api;
    }

    /** Creates the API or replaces its settings (the configuration file at every start). */
    public Api put(Api api) {
        validate(api);
        refuseBuiltIn(api.identifier());
        store.save(api);
        return api;
    }

    public void remove(String identifier) {
        refuseBuiltIn(identifier);
        if (!store.remove(identifier)) {
            throw new AdminException.NotFound("no API '" + identifier + "'");
        }
    }

    public Optional<Api> find(String identifier) {
        return store.find(identifier);
    }

    public List<Api> list() {
        return store.list();
    }

    /** Registers the built-in APIs as they are defined in this version (at every start). */
    public void registerBuiltIn() {
        if (!store.find(Api.ADMIN.identifier()).equals(Optional.of(Api.ADMIN))) {
            store.save(Api.ADMIN);
        }
    }

    private static void refuseBuiltIn(String identifier) {
        if (Api.ADMIN.identifier().equals(identifier)) {
            throw new AdminException.Conflict("API '" + identifier + "' is built in and cannot be changed");
        }
    }

    private static void validate(Api api) {
        Problem problem = ApiRules.check(api.identifier(), api.tokenFormat(), api.signingAlg(), api.accessTokenTtl(),
                api.tokenTyp());
        if (problem != null) {
            throw new AdminException.Invalid(problem.field(), problem.message());
        }
    }
}
