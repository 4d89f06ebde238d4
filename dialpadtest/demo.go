package dialpadtest

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// demoEmployees is the demo company's HR export.
//
//go:embed demo/employees.csv
var demoEmployees []byte

// DemoEmployeesCSV returns the HR export of the demo company that SeedDemo
// builds, in the one CSV form of package roster (roster.ReadCSV): twenty
// employees in Headquarters and New York, two of them new hires (Hedy and
// Radia), one on leave (Mary, state suspended) and one gone (John, state
// deleted). The examples read it when no CSV is given; each call returns a
// fresh copy.
func DemoEmployeesCSV() []byte { return append([]byte(nil), demoEmployees...) }

// DemoScope is the scope a sync of the demo company governs: its offices
// and email domain, and the IT admin, who is in no HR export but must
// never be suspended.
var DemoScope = struct {
	Offices, EmailDomains, Protected []string
}{
	Offices:      []string{"Headquarters", "New York"},
	EmailDomains: []string{"example.com"},
	Protected:    []string{"it-admin@example.com"},
}

// SeedDemo gives a server (best started WithEmptyState) the demo company
// as it stands before DemoEmployeesCSV is applied: Hedy and Radia do not
// exist yet; John has left but is still active, on the Support call
// center and the Sales department, with a number and a desk phone; Alan
// is back from a leave but still suspended; Mary goes on leave; Katherine
// moves to New York; Margaret becomes a support agent; Grace is promoted;
// Barbara has a new extension. The IT admin is in no export but
// protected, and a contractor in another office and domain is out of
// scope.
func (s *Server) SeedDemo() error {
	hq, err := s.AddOffice(Office{Name: "Headquarters", MainLine: "+14155550100", Seats: map[string]int{"talk": 30, "agents": 5}})
	if err != nil {
		return err
	}
	ny, err := s.AddOffice(Office{Name: "New York", MainLine: "+12125550100", Seats: map[string]int{"talk": 12, "agents": 2}})
	if err != nil {
		return err
	}
	ext, err := s.AddOffice(Office{Name: "Contractors", Seats: map[string]int{"talk": 5}})
	if err != nil {
		return err
	}
	for i := range 10 {
		if err := errors.Join(s.AddNumbers(hq, fmt.Sprintf("+1415555%04d", 2000+i)),
			s.AddNumbers(ny, fmt.Sprintf("+1212555%04d", 2000+i))); err != nil {
			return err
		}
	}
	offices := map[string]dialpad.ID{"HQ": hq, "NY": ny, "EXT": ext}
	type staff struct{ email, first, last, office, license, ext, title, state, number string }
	people := []staff{
		{"it-admin@example.com", "IT", "Admin", "HQ", "talk", "100", "IT Administrator", "", ""},
		{"ada@example.com", "Ada", "Lovelace", "HQ", "talk", "101", "CTO", "", ""},
		{"grace@example.com", "Grace", "Hopper", "HQ", "agents", "102", "Support Agent", "", ""},
		{"alan@example.com", "Alan", "Turing", "HQ", "talk", "103", "Researcher", "suspended", ""},
		{"barbara@example.com", "Barbara", "Liskov", "HQ", "talk", "104", "Architect", "", ""},
		{"katherine@example.com", "Katherine", "Johnson", "HQ", "talk", "105", "Analyst", "", ""},
		{"margaret@example.com", "Margaret", "Hamilton", "HQ", "talk", "106", "Engineer", "", ""},
		{"john@example.com", "John", "Doe", "HQ", "talk", "107", "Sales Rep", "", "+14155552009"},
		{"annie@example.com", "Annie", "Easley", "HQ", "talk", "110", "Engineer", "", ""},
		{"edsger@example.com", "Edsger", "Dijkstra", "HQ", "talk", "111", "Engineer", "", ""},
		{"frances@example.com", "Frances", "Allen", "HQ", "talk", "112", "Engineer", "", ""},
		{"donald@example.com", "Donald", "Knuth", "HQ", "talk", "113", "Engineer", "", ""},
		{"ken@example.com", "Ken", "Thompson", "HQ", "talk", "114", "Engineer", "", ""},
		{"dennis@example.com", "Dennis", "Ritchie", "HQ", "talk", "115", "Engineer", "", ""},
		{"lynn@example.com", "Lynn", "Conway", "HQ", "talk", "116", "Engineer", "", ""},
		{"dorothy@example.com", "Dorothy", "Vaughan", "NY", "talk", "201", "Receptionist", "", ""},
		{"mary@example.com", "Mary", "Jackson", "NY", "talk", "202", "Engineer", "", ""},
		{"evelyn@example.com", "Evelyn", "Berezin", "NY", "talk", "203", "Sales Rep", "", ""},
		{"jean@example.com", "Jean", "Sammet", "NY", "talk", "205", "Sales Rep", "", ""},
		{"adele@example.com", "Adele", "Goldberg", "NY", "talk", "206", "Sales Rep", "", ""},
		{"sam@partner.example", "Sam", "Contractor", "EXT", "talk", "", "Consultant", "", ""},
	}
	ids := map[string]dialpad.ID{}
	for _, p := range people {
		u := User{OfficeID: offices[p.office], Emails: []string{p.email}, FirstName: p.first, LastName: p.last,
			License: p.license, Extension: p.ext, JobTitle: p.title, State: dialpad.UserState(p.state)}
		if p.number != "" {
			u.PhoneNumbers = []string{p.number}
		}
		id, err := s.AddUser(u)
		if err != nil {
			return err
		}
		ids[strings.Split(p.email, "@")[0]] = id
	}
	if _, err := s.AddDeskPhone(DeskPhone{UserID: ids["john"], Name: "John's desk"}); err != nil {
		return err
	}
	if _, err := s.AddCallCenter(CallCenter{Name: "Support", OfficeID: hq, Operators: []Operator{
		{UserID: ids["ada"], Role: "supervisor"}, {UserID: ids["grace"], Role: "operator"}, {UserID: ids["john"], Role: "supervisor"}}}); err != nil {
		return err
	}
	if _, err := s.AddCallCenter(CallCenter{Name: "Escalations", OfficeID: ny}); err != nil {
		return err
	}
	if _, err := s.AddDepartment(Department{Name: "Sales", OfficeID: hq, Operators: []Operator{
		{UserID: ids["ada"], Role: "admin"}, {UserID: ids["john"], Role: "operator"}}}); err != nil {
		return err
	}
	_, err = s.AddDepartment(Department{Name: "Front Desk", OfficeID: ny, Operators: []Operator{
		{UserID: ids["dorothy"]}, {UserID: ids["evelyn"]}}})
	return err
}

// NewDemoServer starts a server holding only the demo company (SeedDemo),
// ready for DemoEmployeesCSV, as the examples use it. Close it when done.
func NewDemoServer(opts ...Option) (*Server, error) {
	srv := NewServer(append([]Option{WithEmptyState()}, opts...)...)
	if err := srv.SeedDemo(); err != nil {
		srv.Close()
		return nil, fmt.Errorf("dialpadtest: seeding the demo company: %w", err)
	}
	return srv, nil
}

// ClientFromEnvOrDemo returns a client for the real Dialpad API when
// DIALPAD_API_KEY is set (dialpad.NewClientFromEnv, which also reads
// DIALPAD_BASE_URL), and a nil server. Without a key it starts a demo
// server (NewDemoServer), says so on w, and returns a client wired to it
// with the server, which the caller closes when done. It is how a command
// runs for real with a key and shows its whole flow on the demo company
// without one:
//
//	client, demo, err := dialpadtest.ClientFromEnvOrDemo(os.Stderr)
//	if err != nil {
//		return err
//	}
//	if demo != nil {
//		defer demo.Close()
//	}
func ClientFromEnvOrDemo(w io.Writer) (*dialpad.Client, *Server, error) {
	return clientFromEnvOr(w, func() (*Server, error) { return NewDemoServer() }, ", seeded with a demo company")
}

// ClientFromEnvOrFake is ClientFromEnvOrDemo with the default company of
// NewServer (see SeedOfficeID) in place of the demo company.
func ClientFromEnvOrFake(w io.Writer) (*dialpad.Client, *Server, error) {
	return clientFromEnvOr(w, func() (*Server, error) { return NewServer(), nil }, "")
}

// clientFromEnvOr is ClientFromEnvOrDemo with the server start and the
// words describing its company as parameters.
func clientFromEnvOr(w io.Writer, start func() (*Server, error), company string) (*dialpad.Client, *Server, error) {
	if os.Getenv("DIALPAD_API_KEY") != "" {
		c, err := dialpad.NewClientFromEnv()
		return c, nil, err
	}
	srv, err := start()
	if err != nil {
		return nil, nil, err
	}
	c, err := srv.NewClient()
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	// An announcement w cannot take is no reason not to run.
	_, _ = fmt.Fprintf(w, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at %s%s\n", srv.URL, company)
	return c, srv, nil
}
