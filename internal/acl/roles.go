package acl

// Built-in role names, seeded with the organization.
const (
	RoleAdministrator = "Administrator"
	RoleSalesManager  = "Sales Manager"
	RoleSalesRep      = "Sales Representative"
)

// crmEntities are the records a sales team works on.
var crmEntities = []Entity{MagentoCustomer, Contact, Account, Activity}

// SeedRoles returns the permissions of the built-in roles.
func SeedRoles() map[string]Permissions {
	admin := Permissions{}
	for _, e := range Entities {
		for _, a := range Actions {
			admin[Key{e, a}] = Organization
		}
	}
	manager := Permissions{}
	for _, e := range crmEntities {
		for _, a := range Actions {
			manager[Key{e, a}] = Division
		}
	}
	manager[Key{User, View}] = Division
	manager[Key{Channel, View}] = Organization
	rep := Permissions{}
	for _, e := range crmEntities {
		rep[Key{e, View}] = BusinessUnit
		rep[Key{e, Create}] = Own
		rep[Key{e, Edit}] = Own
	}
	return map[string]Permissions{RoleAdministrator: admin, RoleSalesManager: manager, RoleSalesRep: rep}
}
