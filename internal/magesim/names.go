package magesim

// name is a display name and its ASCII form for email addresses.
type name struct {
	Display, ASCII string
	Gender         int // 1 male, 2 female, 0 either (for last names)
}

var firstNames = []name{
	{"Anna", "anna", 2}, {"Lukas", "lukas", 1}, {"Sophie", "sophie", 2}, {"Jonas", "jonas", 1},
	{"Emma", "emma", 2}, {"Noah", "noah", 1}, {"Olivia", "olivia", 2}, {"Liam", "liam", 1},
	{"Mia", "mia", 2}, {"Elias", "elias", 1}, {"Léa", "lea", 2}, {"Chloé", "chloe", 2},
	{"Zoë", "zoe", 2}, {"Jürgen", "juergen", 1}, {"Björn", "bjoern", 1}, {"Sören", "soeren", 1},
	{"Małgorzata", "malgorzata", 2}, {"Łukasz", "lukasz", 1}, {"José", "jose", 1}, {"María", "maria", 2},
	{"Inés", "ines", 2}, {"François", "francois", 1}, {"Søren", "soren", 1}, {"Ángel", "angel", 1},
	{"Renée", "renee", 2}, {"Zoltán", "zoltan", 1}, {"翔太", "shota", 1}, {"陽菜", "hina", 2},
	{"Ольга", "olga", 2}, {"Дмитрий", "dmitry", 1}, {"James", "james", 1}, {"Mary", "mary", 2},
	{"Robert", "robert", 1}, {"Patricia", "patricia", 2}, {"Michael", "michael", 1}, {"Jennifer", "jennifer", 2},
	{"David", "david", 1}, {"Linda", "linda", 2}, {"William", "william", 1}, {"Elizabeth", "elizabeth", 2},
	{"Hannah", "hannah", 2}, {"Ben", "ben", 1}, {"Charlotte", "charlotte", 2}, {"Oliver", "oliver", 1},
	{"Amelia", "amelia", 2}, {"George", "george", 1}, {"Isla", "isla", 2}, {"Harry", "harry", 1},
	{"Grace", "grace", 2}, {"Jack", "jack", 1}, {"Fatima", "fatima", 2}, {"Mohammed", "mohammed", 1},
	{"Aisha", "aisha", 2}, {"Omar", "omar", 1}, {"Priya", "priya", 2}, {"Arjun", "arjun", 1},
	{"Wei", "wei", 1}, {"Mei", "mei", 2}, {"Sven", "sven", 1}, {"Ingrid", "ingrid", 2},
}

var lastNames = []name{
	{"Smith", "smith", 0}, {"Johnson", "johnson", 0}, {"Williams", "williams", 0}, {"Brown", "brown", 0},
	{"Jones", "jones", 0}, {"Garcia", "garcia", 0}, {"Miller", "miller", 0}, {"Davis", "davis", 0},
	{"Müller", "mueller", 0}, {"Schmidt", "schmidt", 0}, {"Schneider", "schneider", 0}, {"Fischer", "fischer", 0},
	{"Weber", "weber", 0}, {"Meyer", "meyer", 0}, {"Wagner", "wagner", 0}, {"Becker", "becker", 0},
	{"Schäfer", "schaefer", 0}, {"Koch", "koch", 0}, {"Martin", "martin", 0}, {"Bernard", "bernard", 0},
	{"Dubois", "dubois", 0}, {"Durand", "durand", 0}, {"Lefèvre", "lefevre", 0}, {"Moreau", "moreau", 0},
	{"García", "garcia", 0}, {"Fernández", "fernandez", 0}, {"López", "lopez", 0}, {"Martínez", "martinez", 0},
	{"Nowak", "nowak", 0}, {"Kowalski", "kowalski", 0}, {"Wiśniewski", "wisniewski", 0}, {"Wójcik", "wojcik", 0},
	{"Jansen", "jansen", 0}, {"de Vries", "devries", 0}, {"van Dijk", "vandijk", 0}, {"Bakker", "bakker", 0},
	{"O'Brien", "obrien", 0}, {"Murphy", "murphy", 0}, {"Kelly", "kelly", 0}, {"Taylor", "taylor", 0},
	{"Wilson", "wilson", 0}, {"Evans", "evans", 0}, {"Thomas", "thomas", 0}, {"Roberts", "roberts", 0},
	{"Andersson", "andersson", 0}, {"Johansson", "johansson", 0}, {"Nilsson", "nilsson", 0}, {"Sato", "sato", 0},
	{"Suzuki", "suzuki", 0}, {"田中", "tanaka", 0}, {"Иванов", "ivanov", 0}, {"Kim", "kim", 0},
	{"Lee", "lee", 0}, {"Chen", "chen", 0}, {"Wang", "wang", 0}, {"Singh", "singh", 0},
	{"Patel", "patel", 0}, {"Khan", "khan", 0}, {"Rossi", "rossi", 0}, {"Nguyen", "nguyen", 0},
}

var middleNames = []string{"Marie", "James", "Louise", "Alexander", "Rose", "Thomas", "Ann", "Lee"}

var emailDomains = []string{"example.com", "example.org", "example.net", "mail.example.com", "shop.example.de"}

// city is a place addresses are generated in.
type city struct {
	Name      string
	Country   string
	RegionID  int    // 0 when the country has no regions in the directory
	Postcode  string // pattern: # = digit, @ = letter, anything else literal
	Phone     string // pattern like Postcode
	Street    []string
	StreetFmt int // 0: "<n> <street>", 1: "<street> <n>"
}

var usStreets = []string{"Main Street", "Oak Avenue", "Maple Drive", "Sunset Boulevard", "Cedar Lane", "Elm Street"}
var deStreets = []string{"Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee", "Müllerstraße"}
var frStreets = []string{"rue de la Paix", "avenue des Champs-Élysées", "rue Victor Hugo", "boulevard Saint-Michel"}
var ukStreets = []string{"High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue"}

var citiesByWebsite = map[int][]city{
	1: {
		{"Austin", "US", 57, "787##", "+1 512-555-####", usStreets, 0},
		{"Los Angeles", "US", 12, "#00##", "+1 213-555-####", usStreets, 0},
		{"New York", "US", 43, "100##", "+1 212-555-####", usStreets, 0},
		{"Miami", "US", 18, "331##", "+1 305-555-####", usStreets, 0},
		{"Seattle", "US", 62, "#81##", "+1 206-555-####", usStreets, 0},
		{"Toronto", "CA", 74, "M#@ #@#", "+1 416-555-####", usStreets, 0},
		{"Montréal", "CA", 76, "H#@ #@#", "+1 514-555-####", frStreets, 0},
		{"London", "GB", 0, "SW#@ #@@", "+44 20 7946 ####", ukStreets, 0},
		{"Dublin", "IE", 0, "", "+353 1 ### ####", ukStreets, 0},
	},
	2: {
		{"Berlin", "DE", 82, "10###", "+49 30 #######", deStreets, 1},
		{"München", "DE", 81, "80###", "+49 89 #######", deStreets, 1},
		{"Köln", "DE", 88, "50###", "+49 221 ######", deStreets, 1},
		{"Hamburg", "DE", 85, "20###", "+49 40 #######", deStreets, 1},
		{"Paris", "FR", 257, "750##", "+33 1 ## ## ## ##", frStreets, 0},
		{"Lyon", "FR", 251, "6#0##", "+33 4 ## ## ## ##", frStreets, 0},
		{"Amsterdam", "NL", 0, "10## @@", "+31 20 ### ####", deStreets, 1},
		{"Kraków", "PL", 1005, "30-###", "+48 12 ### ## ##", deStreets, 1},
		{"Madrid", "ES", 161, "280##", "+34 #1 ### ## ##", frStreets, 1},
		{"Manchester", "GB", 0, "M# #@@", "+44 161 ### ####", ukStreets, 0},
		{"東京", "JP", 0, "100-####", "+81 3-####-####", []string{"千代田1-1"}, 1},
	},
}

var companies = []string{"Acme Corp", "Globex GmbH", "Initech Ltd", "Umbrella SA", "Stark Industries", "Wayne Enterprises", "Société Générale des Bières", "Müller & Söhne KG"}
