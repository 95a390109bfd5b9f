package dev.tollgate.store;

import java.util.List;
import java.util.Optional;

/** Which developer owns which client. Removing the client removes its application. */
public interface ApplicationStore {
    void save(Application application);

    Optional<Application> find(String clientId);

    /** The owner's applications, oldest first. */
    List<Application> byOwner(String ownerId);
}
