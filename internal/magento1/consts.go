package magento1

// The namespaces a store answers in: OpenMage LTS, or Magento 1.x.
const (
	NamespaceOpenMage = "urn:OpenMage"
	NamespaceMagento  = "urn:Magento"
)
