package org.captchaws.testing.payara;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Puts {@link MicroPerDeployment} in the place of Payara's own Micro connector. */
public class MicroPerDeploymentExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        MicroConsoleFile.install();
        builder.override(DeployableContainer.class, PayaraMicroDeployableContainer.class, MicroPerDeployment.class);
    }
}
