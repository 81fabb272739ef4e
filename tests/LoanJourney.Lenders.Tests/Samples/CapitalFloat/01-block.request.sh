curl -X POST \
  {{url}}/paylater/block \
  -H "Content-type: application/json"  \
  -H 'Authorization: YOUR_TOKEN' \
  -d '{
    "app_id": "string",
    "order_id" : "string",
    "amount": "3748973.97"
  }'
