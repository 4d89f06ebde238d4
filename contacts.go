package dialpad

// ContactsService manages shared and local contacts. Get it from Client.Contacts.
type ContactsService service
