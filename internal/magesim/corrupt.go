package magesim

import (
	"fmt"
	"net/http"
	"strconv"
)

// Corruption is a bad value written straight into Magento's database (by
// an import script or a broken extension), which Magento then serves as it
// is. Real stores hold such records; a client must report them one by one.
type Corruption string

// The corruptions the simulator can plant.
const (
	InvalidDob      Corruption = "invalid_dob"      // a date that does not exist: 1985-02-30
	MissingLastname Corruption = "missing_lastname" // an empty last name
)

// CorruptCustomer plants a bad value in a customer without validation and
// without moving updated_at, as a direct database write would.
func (st *Store) CorruptCustomer(id int, kind Corruption) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.get(id)
	if !ok {
		return noSuchEntity("customerId", id)
	}
	switch kind {
	case InvalidDob:
		c.Dob = "1985-02-30"
	case MissingLastname:
		c.Lastname = ""
	default:
		return fmt.Errorf("unknown corruption %q: want %s or %s", kind, InvalidDob, MissingLastname)
	}
	st.replace(c)
	return nil
}

// CorruptCustomer plants a bad value in a customer (see Store.CorruptCustomer).
func (s *Sim) CorruptCustomer(id int, kind Corruption) error {
	return s.Store().CorruptCustomer(id, kind)
}

// controlCorrupt is POST /__sim/customers/{id}/corrupt?kind=invalid_dob.
func (s *Sim) controlCorrupt(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return fmt.Errorf("customer id %q is not a number", r.PathValue("id"))
	}
	if err := s.CorruptCustomer(id, Corruption(r.URL.Query().Get("kind"))); err != nil {
		return err
	}
	writeControl(w, http.StatusOK, map[string]any{"id": id, "kind": r.URL.Query().Get("kind")})
	return nil
}
