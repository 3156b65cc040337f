package org.captchaws.testing.payara;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Payara's Micro connector, one per deployment. The connector starts a Micro for each archive
 * but remembers only the last process, so with two deployments in a test class (two instances
 * of the service, two configurations) the first Micro would outlive the build. Here every
 * deployment gets a connector of its own, stopped when the deployment is undeployed or fails.
 */
public class MicroPerDeployment implements DeployableContainer<PayaraMicroContainerConfiguration> {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, PayaraMicroDeployableContainer> micros = new ConcurrentHashMap<>();
    private PayaraMicroContainerConfiguration configuration;

    @Override
    public Class<PayaraMicroContainerConfiguration> getConfigurationClass() {
        return PayaraMicroContainerConfiguration.class;
    }

    @Override
    public void setup(PayaraMicroContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new PayaraMicroDeployableContainer().getDefaultProtocol();
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        try {
            return deployOnce(archive);
        } catch (NothingDeployedException e) {
            // Once in a CI run the connector saw no servlets of a WAR that Micro had just listed
            // as deployed, with its mappings: one more Micro tells its misreading from a WAR that fails.
            return deployOnce(archive);
        }
    }

    private static final class NothingDeployedException extends DeploymentException {
        NothingDeployedException(String message) {
            super(message);
        }
    }

    private ProtocolMetaData deployOnce(Archive<?> archive) throws DeploymentException {
        PayaraMicroDeployableContainer micro = new PayaraMicroDeployableContainer();
        micro.setup(configuration);
        micros.put(archive.getName(), micro);
        ProtocolMetaData deployed;
        try {
            deployed = micro.deploy(archive);
        } catch (DeploymentException | RuntimeException e) {
            undeploy(archive);
            throw e;
        }
        // A WAR that fails to deploy leaves Micro running and "ready" with nothing deployed.
        if (deployed == null || deployed.getContexts(HTTPContext.class).stream().allMatch(c -> c.getServlets().isEmpty())) {
            undeploy(archive);
            throw new NothingDeployedException(archive.getName() + " did not deploy on Payara Micro: see SEVERE in its log above");
        }
        return deployed;
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        PayaraMicroDeployableContainer micro = micros.remove(archive.getName());
        if (micro != null) {
            micro.undeploy(archive);
        }
    }

    /** The connector only asks its Micros to stop: wait for them, so none outlives the tests. */
    @Override
    public void stop() {
        ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains(configuration.getMicroJar()))
                .forEach(MicroPerDeployment::awaitExit);
    }

    private static void awaitExit(ProcessHandle micro) {
        try {
            micro.onExit().get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            micro.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            micro.destroyForcibly();
        }
    }
}
